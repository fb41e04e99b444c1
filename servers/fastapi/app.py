"""The FastAPI application: the catalog router, the contract's fixed routes, its error bodies
and CORS. The shared OpenAPI document is served as it is (FastAPI's own generator is off: every
stack serves the one document generated from the contract's schemas)."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from catalog_contract import bodies
from catalog_contract.config import ServerConfig
from catalog_contract.store import CatalogStore
from cors import ContractCORSMiddleware
from problems import contract_detail
from responses import ContractJSONResponse, method_not_allowed
from routes import router, trusted_router

_STATUS_BODIES = {
    404: bodies.NOT_FOUND,
    413: bodies.PAYLOAD_TOO_LARGE,
    415: bodies.UNSUPPORTED_MEDIA_TYPE,
}


def create_app(config: ServerConfig) -> FastAPI:
    store = CatalogStore()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        store.seed(config.seed_products)
        yield

    app = FastAPI(
        title="Catalog API (stackbench contract v1)",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        lifespan=lifespan,
    )
    app.state.store = store
    app.include_router(router if config.validation == "native" else trusted_router)
    app.add_middleware(ContractCORSMiddleware, origins=config.cors_origins)

    @app.api_route("/json", methods=["GET", "HEAD"])
    async def hello():
        return bodies.HELLO

    @app.api_route("/health", methods=["GET", "HEAD"])
    async def health():
        return bodies.HEALTH_OK

    @app.api_route("/ready", methods=["GET", "HEAD"])
    async def ready():
        if store.ready:
            return bodies.READY
        return ContractJSONResponse(bodies.NOT_READY, 503)

    @app.api_route("/openapi.json", methods=["GET", "HEAD"])
    async def openapi_document():
        return Response(config.openapi_json, media_type="application/json")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        return ContractJSONResponse(contract_detail(error.errors()), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 405:
            methods = bodies.known_route_methods(request.url.path) or ()
            return method_not_allowed(methods)
        body = _STATUS_BODIES.get(error.status_code, {"detail": error.detail})
        if (
            error.status_code == 404
            and isinstance(error.detail, str)
            and error.detail != "Not Found"
        ):
            body = {"detail": error.detail}
        return ContractJSONResponse(body, error.status_code)

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception):
        return ContractJSONResponse(bodies.INTERNAL_SERVER_ERROR, 500)

    return app
