#!/usr/bin/env bash
# Ensures a local PostgreSQL server is installed and running, and that the Zumodra role and
# database exist. Idempotent: safe to call before every run and every test session.
# Prints the connection string on stdout as its last line.
set -euo pipefail

PG_USER="${ZUMODRA_PG_USER:-zumodra}"
PG_PASSWORD="${ZUMODRA_PG_PASSWORD:-zumodra}"
PG_DB="${ZUMODRA_PG_DB:-zumodra}"
PG_PORT="${ZUMODRA_PG_PORT:-5432}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  as_root pg_createcluster "$version" main --port "$PG_PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" main start >&2
fi

# Wait until the server accepts connections (a fresh or restarted cluster can take a moment).
wait_until_ready() {
  for _ in $(seq 1 60); do
    if as_root su postgres -c "psql -p $PG_PORT -tAc 'select 1'" >/dev/null 2>&1; then return; fi
    sleep 0.5
  done
}
wait_until_ready

psql_admin() { as_root su postgres -c "psql -p $PG_PORT -v ON_ERROR_STOP=1 -tAc \"$1\""; }

# The test suite runs a dozen collections at once, each with host processes and their pools: Debian's default of 100
# connections ran out ("too many clients") and pages answered 503. Set once; the restart happens on first use only.
MAX_CONNECTIONS=400
if [ "$(psql_admin "show max_connections")" -lt "$MAX_CONNECTIONS" ]; then
  psql_admin "alter system set max_connections = $MAX_CONNECTIONS" >&2
  as_root pg_ctlcluster "$version" main restart >&2
  wait_until_ready
fi
if [ "$(psql_admin "select 1 from pg_roles where rolname = '$PG_USER'")" != "1" ]; then
  psql_admin "create role $PG_USER login createdb password '$PG_PASSWORD'" >&2
fi
if [ "$(psql_admin "select 1 from pg_database where datname = '$PG_DB'")" != "1" ]; then
  psql_admin "create database $PG_DB owner $PG_USER" >&2
fi

# Loopback only: TLS would cost every round trip and protect nothing.
echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;SSL Mode=Disable;Database=$PG_DB"
