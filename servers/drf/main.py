"""Django REST Framework on Gunicorn (one ``gthread`` worker): the server process contract.

Started as ``<venv>/bin/python servers/drf/main.py`` from the repository root; reads HOST,
PORT (0: a free port), VALIDATION (native | off), CORS_ORIGINS, SEED_PRODUCTS and
OPENAPI_DOCUMENT; prints ``listening on http://HOST:PORT`` once the listener is bound; no
access log; SIGTERM stops the worker and exits 0.
"""

import os
import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "python"))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django  # noqa: E402
from django.conf import settings  # noqa: E402

from catalog_contract.config import read_config  # noqa: E402
from catalog_contract.gunicorn_server import GunicornServer  # noqa: E402


def main() -> None:
    config = read_config("drf")
    settings.CATALOG_CONFIG = config
    django.setup()
    from django.core.wsgi import get_wsgi_application

    import views

    application = get_wsgi_application()
    views.STORE.seed(config.seed_products)
    GunicornServer(application, config.host, config.port).run()


if __name__ == "__main__":
    main()
