"""Gunicorn, run programmatically, as both WSGI stacks (Flask, DRF) are served.

One worker process with the ``gthread`` worker: it keeps connections alive (the ``sync``
worker closes every connection, which would measure reconnects, not the framework) and
parks idle keep-alive connections in its poller, so a few threads serve many clients. The
app is loaded (and the store seeded) before the worker forks; the ready line is printed from
``when_ready`` with the port the listener really got. No access log; SIGTERM → the arbiter
stops the worker within the graceful timeout and exits 0.
"""

from gunicorn.app.base import BaseApplication

from .serving import announce

THREADS = 4
KEEPALIVE_SECONDS = 5
GRACEFUL_TIMEOUT_SECONDS = 1


def gunicorn_options(host: str, port: int) -> dict:
    """The configuration both WSGI stacks run with (stated in the README's server table)."""
    shown = f"[{host}]" if ":" in host else host
    return {
        "bind": f"{shown}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": THREADS,
        "keepalive": KEEPALIVE_SECONDS,
        "graceful_timeout": GRACEFUL_TIMEOUT_SECONDS,
        "preload_app": True,
        "accesslog": None,
        "loglevel": "warning",
    }


class GunicornServer(BaseApplication):
    def __init__(self, application, host: str, port: int):
        self.application = application
        self.host = host
        self.port = port
        super().__init__()

    def load_config(self) -> None:
        for key, value in gunicorn_options(self.host, self.port).items():
            self.cfg.set(key, value)
        host = self.host
        self.cfg.set(
            "when_ready", lambda server: announce(host, server.LISTENERS[0].sock.getsockname()[1])
        )

    def load(self):
        return self.application
