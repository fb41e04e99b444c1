#!/usr/bin/env sh
# Installs schemathesis (pinned, hash-checked: scripts/schemathesis-requirements.txt) into its
# own virtualenv for the contract fuzz test, test/contract/schemathesis.test.ts. Idempotent:
# does nothing when that venv already holds the pinned version.
# Needs python3 (3.10 or later) with venv; on Debian: apt-get install python3 python3-venv.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^schemathesis==\([^ ]*\).*/\1/p' "$here/schemathesis-requirements.txt")"
venv="${STACKBENCH_SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackbench/schemathesis-$version}"

if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  echo "schemathesis $version is already installed: $venv/bin/schemathesis"
  exit 0
fi

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  cat >&2 <<'HOW'
python3 with venv is needed to install schemathesis. Install it with one of:
  Debian/Ubuntu:  sudo apt-get install -y python3 python3-venv
  Fedora:         sudo dnf install python3
  macOS:          brew install python
HOW
  exit 1
fi

echo "Installing schemathesis $version into $venv…"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r "$here/schemathesis-requirements.txt"
echo "schemathesis installed: $venv/bin/schemathesis ($("$venv/bin/schemathesis" --version))"
