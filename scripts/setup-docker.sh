#!/usr/bin/env bash
# Makes Docker usable for stackbench's container isolation and its tests. Idempotent:
#   - installs docker.io with apt-get when no dockerd is installed;
#   - starts `dockerd --bridge=none` in the background when the daemon does not answer
#     (stackbench's containers use host networking, so no bridge is needed; its log goes
#     to $DOCKERD_LOG, default /var/log/dockerd.log, or /tmp/dockerd.log if /var/log is
#     not writable);
#   - waits until `docker info` answers.
# Needs root for the install and the daemon. Exits non-zero with the reason when Docker
# cannot run here.
set -euo pipefail

WAIT_S="${DOCKER_WAIT_S:-60}"

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  echo "setup-docker: installing docker.io…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if docker info >/dev/null 2>&1; then
  echo "setup-docker: the Docker daemon is running ($(docker info --format '{{.ServerVersion}}'))" >&2
  exit 0
fi

if pgrep -x dockerd >/dev/null 2>&1; then
  echo "setup-docker: dockerd is running but does not answer yet; waiting" >&2
else
  LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
  if ! touch "$LOG" 2>/dev/null; then LOG=/tmp/dockerd.log; fi
  echo "setup-docker: starting dockerd --bridge=none (log: $LOG)" >&2
  nohup dockerd --bridge=none >>"$LOG" 2>&1 </dev/null &
  disown || true
fi

for _ in $(seq 1 "$WAIT_S"); do
  if docker info >/dev/null 2>&1; then
    echo "setup-docker: the Docker daemon is running ($(docker info --format '{{.ServerVersion}}'))" >&2
    exit 0
  fi
  sleep 1
done
echo "setup-docker: dockerd did not answer within ${WAIT_S}s; its log:" >&2
tail -n 30 "${LOG:-/var/log/dockerd.log}" >&2 || true
exit 1
