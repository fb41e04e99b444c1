"""Flask + Marshmallow on Gunicorn (one ``gthread`` worker): the server process contract.

Started as ``<venv>/bin/python servers/flask/main.py`` from the repository root; reads HOST,
PORT (0: a free port), VALIDATION (native | off), CORS_ORIGINS, SEED_PRODUCTS and
OPENAPI_DOCUMENT; prints ``listening on http://HOST:PORT`` once the listener is bound; no
access log; SIGTERM stops the worker and exits 0.
"""

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "python"))

from app import create_app  # noqa: E402
from catalog_contract.config import read_config  # noqa: E402
from catalog_contract.gunicorn_server import GunicornServer  # noqa: E402


def main() -> None:
    config = read_config("flask")
    GunicornServer(create_app(config), config.host, config.port).run()


if __name__ == "__main__":
    main()
