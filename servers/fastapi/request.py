"""The catalog's request handling in FastAPI's documented extension point: a custom APIRoute.

Its Request reads the body within the contract's 64 KiB limit (413 from the declared length
or as it streams) and decodes it with the contract's JSON codec; the route refuses a POST
whose body is not JSON (415) before reading it, as the node:http reference does.
"""

import json

from fastapi import HTTPException
from fastapi.routing import APIRoute
from starlette.requests import Request

from catalog_contract import bodies, jsjson


class ContractRequest(Request):
    async def body(self) -> bytes:
        if not hasattr(self, "_body"):
            declared = self.headers.get("content-length")
            if (
                declared is not None
                and declared.isdigit()
                and int(declared) > bodies.BODY_LIMIT_BYTES
            ):
                raise HTTPException(413)
            chunks: list[bytes] = []
            size = 0
            async for chunk in self.stream():
                size += len(chunk)
                if size > bodies.BODY_LIMIT_BYTES:
                    raise HTTPException(413)
                chunks.append(chunk)
            self._body = b"".join(chunks)
        return self._body

    async def json(self):
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = jsjson.loads(body)
            except jsjson.JsonInvalid as error:
                raise json.JSONDecodeError(str(error), "", 0) from None
        return self._json


class ContractRoute(APIRoute):
    def get_route_handler(self):
        handler = super().get_route_handler()

        async def contract_handler(request: Request):
            if request.method == "POST" and not bodies.is_json_content_type(
                request.headers.get("content-type")
            ):
                raise HTTPException(415)
            return await handler(ContractRequest(request.scope, request.receive))

        return contract_handler
