#!/usr/bin/env sh
# Installs wrk for `stackbench run --driver wrk` (idempotent: does nothing when wrk is on PATH).
# As root (or with passwordless sudo) on Debian/Ubuntu it runs `apt-get install -y wrk`;
# elsewhere it prints how to install it.
set -eu

if command -v wrk >/dev/null 2>&1; then
  echo "wrk is already installed: $(command -v wrk)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi

if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "Installing wrk with apt-get…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk
  echo "wrk installed: $(command -v wrk)"
  exit 0
fi

cat >&2 <<'HOW'
wrk is not installed and this script cannot install it here. Install it with one of:
  Debian/Ubuntu:  sudo apt-get install -y wrk
  Fedora:         sudo dnf install wrk
  macOS:          brew install wrk
  from source:    git clone https://github.com/wg/wrk && make -C wrk && cp wrk/wrk ~/.local/bin/
HOW
exit 1
