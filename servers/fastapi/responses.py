"""The contract's JSON encoding as a Starlette response class, and its fixed error replies."""

from starlette.responses import JSONResponse, Response

from catalog_contract import bodies, jsjson


class ContractJSONResponse(JSONResponse):
    """JSONResponse with JavaScript's number printing (see catalog_contract.jsjson)."""

    def render(self, content) -> bytes:
        return jsjson.dumps(content)


def method_not_allowed(methods) -> Response:
    return ContractJSONResponse(
        bodies.METHOD_NOT_ALLOWED, 405, headers={"allow": bodies.allow_header(methods)}
    )


NO_CONTENT_OPTIONS = 204
