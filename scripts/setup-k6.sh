#!/usr/bin/env sh
# Installs k6 for `stackbench run --driver k6`, `capacity` and `export k6` (idempotent: does
# nothing when k6 is on PATH or already in Go's bin folder). k6 is a Go program and no npm
# package ships its binary: with Go present this builds the pinned version from source with
# `go install` (a few minutes); without Go it prints the official packages.
set -eu

K6_VERSION="${K6_VERSION:-v1.8.1}" # keep in step with runner/drivers/k6.ts (K6_VERSION)

if command -v k6 >/dev/null 2>&1; then
  echo "k6 is already installed: $(command -v k6) ($(k6 version | head -n 1))"
  exit 0
fi

if command -v go >/dev/null 2>&1; then
  GOBIN_DIR="$(go env GOBIN)"
  [ -n "$GOBIN_DIR" ] || GOBIN_DIR="$(go env GOPATH | cut -d: -f1)/bin"
  if [ -x "$GOBIN_DIR/k6" ]; then
    echo "k6 is already installed: $GOBIN_DIR/k6 ($("$GOBIN_DIR/k6" version | head -n 1))"
    echo "stackbench finds it there; add $GOBIN_DIR to PATH to run k6 yourself."
    exit 0
  fi
  echo "Building k6 $K6_VERSION with $(go version | cut -d' ' -f3) (go install go.k6.io/k6@$K6_VERSION)…"
  go install "go.k6.io/k6@$K6_VERSION"
  echo "k6 installed: $GOBIN_DIR/k6 ($("$GOBIN_DIR/k6" version | head -n 1))"
  echo "stackbench finds it there; add $GOBIN_DIR to PATH to run k6 yourself."
  exit 0
fi

cat >&2 <<HOW
k6 is not installed and Go is not available to build it. Install an official package
(https://grafana.com/docs/k6/latest/set-up/install-k6/):
  Debian/Ubuntu:  sudo gpg -k && sudo gpg --no-default-keyring --keyring /usr/share/keyrings/k6-archive-keyring.gpg \\
                    --keyserver hkp://keyserver.ubuntu.com:80 --recv-keys C5AD17C747E3415A3642D57D77C6C491D6AC1D69
                  echo "deb [signed-by=/usr/share/keyrings/k6-archive-keyring.gpg] https://dl.k6.io/deb stable main" \\
                    | sudo tee /etc/apt/sources.list.d/k6.list && sudo apt-get update && sudo apt-get install k6
  Fedora/RHEL:    sudo dnf install https://dl.k6.io/rpm/repo.rpm && sudo dnf install k6
  macOS:          brew install k6
  Windows:        winget install k6 --source winget
  Docker:         docker run --rm -i grafana/k6 run - <script.js
  binaries:       https://github.com/grafana/k6/releases ($K6_VERSION)
or install Go (https://go.dev/dl/) and run this script again.
A k6 binary elsewhere can be named with K6_BIN=/path/to/k6.
HOW
exit 1
