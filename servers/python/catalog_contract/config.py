"""The server process's environment (docs/design.md §3), every problem named at once."""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .cors import DEFAULT_CORS_ORIGINS

VALIDATION_MODES = ("native", "off")
REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OPENAPI_DOCUMENT = REPO_ROOT / "dist" / "openapi.json"


@dataclass(frozen=True)
class ServerConfig:
    host: str
    port: int
    validation: str
    cors_origins: tuple[str, ...]
    seed_products: int
    openapi_json: bytes


def _integer(env, name, default, low, high, problems):
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        problems.append(f"  {name}: expected an integer from {low} to {high} (got {raw!r})")
        return default
    return value


def read_config(stack: str, env=os.environ) -> ServerConfig:
    """Reads the environment; on any bad variable prints each problem and exits 2."""
    problems: list[str] = []
    host = env.get("HOST") or "127.0.0.1"
    port = _integer(env, "PORT", 3000, 0, 65535, problems)
    validation = env.get("VALIDATION") or "native"
    if validation not in VALIDATION_MODES:
        problems.append(
            f"  VALIDATION: {stack} supports {', '.join(VALIDATION_MODES)} (got {validation!r})"
        )
    raw_origins = env.get("CORS_ORIGINS")
    origins = (
        DEFAULT_CORS_ORIGINS
        if raw_origins is None
        else tuple(o.strip() for o in raw_origins.split(",") if o.strip())
    )
    seed = _integer(env, "SEED_PRODUCTS", 1000, 0, 10_000_000, problems)
    document = Path(env.get("OPENAPI_DOCUMENT") or DEFAULT_OPENAPI_DOCUMENT)
    openapi_json = b""
    try:
        openapi_json = document.read_bytes()
    except OSError as error:
        problems.append(
            f"  OPENAPI_DOCUMENT: cannot read {document} ({error.strerror}); "
            "run `npm run build`, which writes dist/openapi.json"
        )
    if problems:
        print("invalid server environment:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(2)
    return ServerConfig(host, port, validation, origins, seed, openapi_json)
