"""The Flask application: the catalog Blueprint, the contract's fixed routes, JSON through the
contract's codec (a Flask JSON provider), errors as the contract's bodies, and CORS."""

from flask import Flask, Response, request
from flask.json.provider import JSONProvider
from werkzeug.exceptions import HTTPException

from catalog import Invalid, native_blueprint, trusted_blueprint
from catalog_contract import bodies, jsjson
from catalog_contract.config import ServerConfig
from catalog_contract.http_errors import STATUS_BODIES
from catalog_contract.store import CatalogStore
from cors import init_cors


class ContractJSONProvider(JSONProvider):
    """JSON with the node:http reference's number semantics (catalog_contract.jsjson)."""

    def dumps(self, obj, **kwargs) -> str:
        return jsjson.dumps_text(obj)

    def loads(self, s, **kwargs):
        return jsjson.loads(s)

    def response(self, *args, **kwargs) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(jsjson.dumps(obj), mimetype="application/json")


class ContractResponse(Response):
    """No content-type unless a body sets one (an empty 204 has none, as the contract says)."""

    default_mimetype = None


def create_app(config: ServerConfig) -> Flask:
    app = Flask(__name__)
    app.json = ContractJSONProvider(app)
    app.response_class = ContractResponse
    store = CatalogStore()
    app.extensions["store"] = store
    app.register_blueprint(
        native_blueprint() if config.validation == "native" else trusted_blueprint()
    )
    init_cors(app, config.cors_origins)

    @app.get("/json")
    def hello():
        return bodies.HELLO

    @app.get("/health")
    def health():
        return bodies.HEALTH_OK

    @app.get("/ready")
    def ready():
        return (bodies.READY, 200) if store.ready else (bodies.NOT_READY, 503)

    @app.get("/openapi.json")
    def openapi_document():
        return Response(config.openapi_json, mimetype="application/json")

    @app.errorhandler(Invalid)
    def invalid(error: Invalid):
        return error.body, 422

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        response = app.json.response(STATUS_BODIES.get(status, {"detail": error.name}))
        response.status_code = status
        if status == 405:
            methods = bodies.known_route_methods(request.path) or ()
            response.headers["allow"] = bodies.allow_header(methods)
        return response

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        return bodies.INTERNAL_SERVER_ERROR, 500

    store.seed(config.seed_products)
    return app
