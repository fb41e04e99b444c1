#!/usr/bin/env bash
# Builds a minimal Node base image without any registry: a root filesystem holding this
# host's `node` (at /usr/local/bin/node, where the official node images keep it), the shared
# libraries it links, npm (at /usr/local/lib/node_modules/npm), /etc/passwd with a `node`
# user (uid 1000) and a /tmp, imported with `docker import`.
#
#   docker/build-offline-base.sh [TAG]     # default TAG: stackbench-base:node-<version>
#
# Idempotent: an image already tagged TAG is kept (set FORCE=1 to rebuild). Prints the tag
# on its last line. Use it as the Dockerfile's base:
#   docker build --build-arg BASE_IMAGE=<TAG> -f docker/Dockerfile .
# The image has no shell and no package manager: it is only a Node runtime.
set -euo pipefail

NODE_BIN="${NODE_BIN:-$(command -v node)}"
NODE_BIN="$(readlink -f "$NODE_BIN")"
NODE_VERSION="$("$NODE_BIN" --version)"
TAG="${1:-stackbench-base:node-${NODE_VERSION}}"

command -v docker >/dev/null || { echo "docker is not installed (see scripts/setup-docker.sh)" >&2; exit 1; }
command -v ldd >/dev/null || { echo "ldd is missing (it comes with libc-bin)" >&2; exit 1; }

if [[ "${FORCE:-0}" != 1 ]] && docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "$TAG already exists (FORCE=1 rebuilds it)" >&2
  echo "$TAG"
  exit 0
fi

ROOT="$(mktemp -d "${TMPDIR:-/tmp}/stackbench-rootfs.XXXXXX")"
trap 'rm -rf "$ROOT"' EXIT

# Copies a file to the same path under $ROOT, keeping the name the loader asks for and
# copying a symlink's target too.
copy_into_root() {
  local file="$1"
  mkdir -p "$ROOT$(dirname "$file")"
  cp -L "$file" "$ROOT$file"
}

mkdir -p "$ROOT/usr/local/bin" "$ROOT/usr/local/lib/node_modules" "$ROOT/etc" "$ROOT/tmp" \
  "$ROOT/app" "$ROOT/home/node"
chmod 1777 "$ROOT/tmp"
cp "$NODE_BIN" "$ROOT/usr/local/bin/node"

# The dynamic loader and every library `node` links (absolute paths in ldd's output).
ldd "$NODE_BIN" | grep -o '/[^ ]*' | sort -u | while read -r lib; do
  copy_into_root "$lib"
done
# Name-service modules glibc may dlopen for user and host lookups.
for lib in /lib/*/libnss_files.so.* /lib/*/libnss_dns.so.* /lib/*/libresolv.so.*; do
  [[ -e "$lib" ]] && copy_into_root "$lib"
done

# npm, so a Dockerfile stage can `npm prune` offline, as with the official image.
NPM_DIR="${NPM_DIR:-$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")}"
if [[ -f "$NPM_DIR/bin/npm-cli.js" ]]; then
  cp -r "$NPM_DIR" "$ROOT/usr/local/lib/node_modules/npm"
else
  echo "npm not found next to node: the image will have no npm" >&2
fi

cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
node:x:1000:1000::/home/node:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
echo 'hosts: files dns' >"$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT/etc/hosts"
chown 1000:1000 "$ROOT/home/node"

tar --numeric-owner -C "$ROOT" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV NODE_VERSION='"${NODE_VERSION#v}" \
    --change 'LABEL org.stackbench.base=offline' \
    --change 'CMD ["node"]' \
    - "$TAG" >/dev/null

# A smoke test: the image runs node.
docker run --rm --network none "$TAG" node -e 'process.stdout.write("")' ||
  { echo "the imported image cannot run node" >&2; exit 1; }
echo "$TAG"
