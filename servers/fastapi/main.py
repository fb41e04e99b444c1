"""FastAPI on Uvicorn (uvloop + httptools), one worker process: the server process contract.

Started as ``<venv>/bin/python servers/fastapi/main.py`` from the repository root; reads
HOST, PORT (0: a free port), VALIDATION (native | off), CORS_ORIGINS, SEED_PRODUCTS and
OPENAPI_DOCUMENT; prints ``listening on http://HOST:PORT`` once serving; no access log;
SIGTERM closes the listener and open connections and exits 0.
"""

import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "python"))

import uvicorn  # noqa: E402

from app import create_app  # noqa: E402
from catalog_contract.config import read_config  # noqa: E402
from catalog_contract.serving import announce, bind  # noqa: E402


class AnnouncingServer(uvicorn.Server):
    """Prints the ready line once Uvicorn has started serving the bound socket."""

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if not self.should_exit and sockets:
            announce(self.config.host, sockets[0].getsockname()[1])

    def handle_exit(self, sig, frame) -> None:
        # Uvicorn re-raises the signal after its graceful shutdown (exit status 143); the
        # process contract is a clean exit 0 on SIGTERM.
        super().handle_exit(sig, frame)
        self._captured_signals.clear()


def main() -> None:
    config = read_config("fastapi")
    sock = bind(config.host, config.port)
    server = AnnouncingServer(
        uvicorn.Config(
            create_app(config),
            host=config.host,
            loop="uvloop",
            http="httptools",
            lifespan="on",
            workers=1,
            access_log=False,
            log_level="warning",
            server_header=False,
            timeout_graceful_shutdown=1,
        )
    )
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
