"""A minimal Django settings module for the DRF catalog: no database, no sessions, no auth.

Django's defaults that would change the contract are set off: no APPEND_SLASH redirect, no
authentication (the catalog is open), DRF's renderer and content negotiation fixed to the
contract's JSON (clients' Accept headers do not change the answer).
"""

SECRET_KEY = "stackbench-catalog-not-a-secret"  # required by Django; nothing here is signed
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["rest_framework"]
DATABASES: dict = {}
USE_TZ = True
APPEND_SLASH = False
MIDDLEWARE = [
    "head.HeadWithoutBodyMiddleware",
    "cors.ContractCorsMiddleware",
    "django.middleware.common.CommonMiddleware",  # Content-Length on every response
]
# No per-request logging: Django would log every 4xx as a warning.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django.request": {"level": "ERROR"}},
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["contract_io.ContractJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["contract_io.ContractJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "contract_io.FirstRendererNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "errors.contract_exception_handler",
}
