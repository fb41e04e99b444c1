"""CORS for Flask, which has none built in: two request hooks with the contract's allow-list.

Every OPTIONS request is answered as a preflight (204, no body): with the allow-list headers
for an allowed origin, without them for another. Other responses to an allowed origin carry
``access-control-allow-origin`` and ``Vary: Origin``; never ``*``.
"""

from flask import Flask, Response, request

from catalog_contract import cors


def init_cors(app: Flask, origins) -> None:
    allowed = frozenset(origins)
    methods = ", ".join(cors.METHODS)
    headers = ", ".join(cors.ALLOWED_HEADERS)
    max_age = str(cors.MAX_AGE_SECONDS)

    @app.before_request
    def preflight():
        if request.method != "OPTIONS":
            return None
        response = app.response_class(status=204)
        response.headers["vary"] = "Origin"
        origin = request.headers.get("origin")
        if origin in allowed:
            response.headers["access-control-allow-origin"] = origin
            response.headers["access-control-allow-methods"] = methods
            response.headers["access-control-allow-headers"] = headers
            response.headers["access-control-max-age"] = max_age
        return response

    @app.after_request
    def allow_origin(response: Response) -> Response:
        origin = request.headers.get("origin")
        if origin in allowed and request.method != "OPTIONS":
            response.headers["access-control-allow-origin"] = origin
            response.vary.add("Origin")
        return response
