"""What every Python stack's process does the same way: import path, socket, ready line."""

import socket
import sys


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: the kernel picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        print(f"cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
        sys.exit(1)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def announce(host: str, port: int) -> None:
    """The one line the runner waits for (docs/design.md §3)."""
    shown = f"[{host}]" if ":" in host else host
    print(f"listening on http://{shown}:{port}", flush=True)
