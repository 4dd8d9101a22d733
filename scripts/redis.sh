#!/usr/bin/env bash
# Ensures Redis (Debian's redis-server) is installed and, unless --install-only, that one answers on 127.0.0.1 at
# ZUMODRA_REDIS_PORT [6379]: a cluster's nodes share their connection and rate limits through it. Idempotent.
# Prints the connection string on stdout as its last line.
set -euo pipefail

PORT="${ZUMODRA_REDIS_PORT:-6379}"
DIR="${XDG_STATE_HOME:-$HOME/.local/state}/zumodra/redis-$PORT"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis.sh: installing Redis from Debian packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >&2
fi
[ "${1:-}" = "--install-only" ] && exit 0

if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
  mkdir -p "$DIR"
  # Counters only: nothing worth persisting, so no snapshots; loopback only.
  redis-server --port "$PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no --dir "$DIR" --logfile "$DIR/redis.log" >&2
  for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "127.0.0.1:$PORT"
