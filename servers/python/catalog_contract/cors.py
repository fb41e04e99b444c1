"""The CORS policy (the guide's pitfall 4): an explicit allow-list, never ``*``.

Each stack wires these values into its framework's own CORS support or middleware.
"""

DEFAULT_CORS_ORIGINS = ("https://admin.internal.corp",)
METHODS = ("GET", "POST", "DELETE")
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Request-ID")
MAX_AGE_SECONDS = 600
