"""CORS as a Django middleware with the contract's allow-list (no extra package).

Every OPTIONS request is answered here as a preflight (204, no body): with the allow-list
headers for an allowed origin, without them for another. Other responses to an allowed origin
carry ``access-control-allow-origin`` and ``Vary: Origin``; never ``*``.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from catalog_contract import cors


class ContractCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = frozenset(settings.CATALOG_CONFIG.cors_origins)

    def __call__(self, request):
        origin = request.headers.get("origin")
        allowed = origin in self.allowed
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]
            response["Vary"] = "Origin"
            if allowed:
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Allow-Methods"] = ", ".join(cors.METHODS)
                response["Access-Control-Allow-Headers"] = ", ".join(cors.ALLOWED_HEADERS)
                response["Access-Control-Max-Age"] = str(cors.MAX_AGE_SECONDS)
            return response
        response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            patch_vary_headers(response, ("Origin",))
        return response
