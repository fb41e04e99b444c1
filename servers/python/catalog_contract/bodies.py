"""The contract's fixed response bodies and HTTP-level rules (servers/contract/errors.ts)."""

BODY_LIMIT_BYTES = 64 * 1024

NOT_FOUND = {"detail": "Not Found"}
METHOD_NOT_ALLOWED = {"detail": "Method Not Allowed"}
PAYLOAD_TOO_LARGE = {"detail": "Payload Too Large"}
UNSUPPORTED_MEDIA_TYPE = {"detail": "Unsupported Media Type"}
INTERNAL_SERVER_ERROR = {"detail": "Internal Server Error"}

HELLO = {"message": "Hello, World!"}
HEALTH_OK = {"status": "ok"}
READY = {"status": "ready"}
NOT_READY = {"status": "starting"}
RECORD_MISSING = {"detail": "Record missing"}


def product_not_indexed(id_text: str) -> dict:
    return {"detail": f"Product {id_text} not indexed"}


def is_json_content_type(header: str | None) -> bool:
    """True for ``application/json``, with or without parameters, in any letter case."""
    if header is None:
        return False
    return header.split(";", 1)[0].strip().lower() == "application/json"


# Every route of the contract with the methods it answers; the rest get 405 with ``Allow``.
STATIC_ROUTES = {
    "/json": ("GET", "HEAD"),
    "/health": ("GET", "HEAD"),
    "/ready": ("GET", "HEAD"),
    "/openapi.json": ("GET", "HEAD"),
    "/catalog/products": ("GET", "HEAD", "POST"),
}
PRODUCT_PREFIX = "/catalog/products/"
PRODUCT_METHODS = ("GET", "HEAD", "DELETE")


def allow_header(methods) -> str:
    return ", ".join(methods)


def known_route_methods(path: str):
    """The methods of the contract route a raw path names (node:http's matching), or None."""
    methods = STATIC_ROUTES.get(path)
    if methods is not None:
        return methods
    if path.startswith(PRODUCT_PREFIX):
        rest = path[len(PRODUCT_PREFIX) :]
        if rest and "/" not in rest:
            return PRODUCT_METHODS
    return None
