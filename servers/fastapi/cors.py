"""Starlette's CORSMiddleware with the contract's preflight answer.

Simple requests keep Starlette's handling (allow-origin and ``Vary: Origin`` for an allowed
origin, nothing for another). Every OPTIONS request is answered here as a preflight, 204
with no body, as the node:http reference does: the allow-list headers for an allowed origin,
none for another (Starlette would answer 200 or 400 with a text body).
"""

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from catalog_contract import cors


class ContractCORSMiddleware(CORSMiddleware):
    def __init__(self, app, origins):
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=list(cors.METHODS),
            allow_headers=list(cors.ALLOWED_HEADERS),
            max_age=cors.MAX_AGE_SECONDS,
        )
        self.contract_origins = frozenset(origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            await self.contract_preflight(Headers(scope=scope))(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def contract_preflight(self, headers: Headers) -> Response:
        origin = headers.get("origin")
        if origin is None or origin not in self.contract_origins:
            return Response(status_code=204, headers={"vary": "Origin"})
        return Response(
            status_code=204,
            headers={
                "access-control-allow-origin": origin,
                "vary": "Origin",
                "access-control-allow-methods": ", ".join(cors.METHODS),
                "access-control-allow-headers": ", ".join(cors.ALLOWED_HEADERS),
                "access-control-max-age": str(cors.MAX_AGE_SECONDS),
            },
        )
