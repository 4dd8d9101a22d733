#!/usr/bin/env bash
# Live fan-out benchmark — on demand only, not part of the test suite.
#
# Ensures the local PostgreSQL (scripts/postgres.sh), builds the Host and the bench in Release, creates a fresh
# benchmark database, starts the Host as its own process on loopback and runs bench/Zumodra.Bench against it. The host
# runs in the environment of scripts/host-env.sh, as scripts/run.sh runs it; the bench adds only the lifted limits,
# loopback as a trusted proxy (for --hostile), a throwaway signing key for its admin token and the database (the
# report's header names them). The Markdown report goes to stdout and bench/results/live-fanout.md; the host's
# output to bench/results/server.log, the bench's progress to stderr and bench/results/bench.log. Every step is bounded in time; the host is stopped on exit.
#
#   bash bench/run.sh                                   # 100, 1,000, 3,000 clients at 50 w/s for 10 s, then 10,000 idle
#   bash bench/run.sh --repeat 3                        # median of 3 runs per fan-out scenario
#   bash bench/run.sh --clients 1000 --idle 0 --rate 100 --duration 20
#   bash bench/run.sh --clients 100 --idle 0 --warmup-clients 100 --hostile 5   # 100 clients without, then next to, 5 hostile connections
#   bash bench/run.sh --help                            # all bench options
#
# Environment: ZUMODRA_BENCH_PORT (default: a free port from 5300), ZUMODRA_BENCH_DB (default zumodra_bench),
# ZUMODRA_BENCH_KEEP_DB=1 keeps the database afterwards, ZUMODRA_BENCH_LABEL (report header; default: the commit), ZUMODRA_BENCH_TIMEOUT (seconds, default 2400),
# ZUMODRA_PG_* as for scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-env.sh

RESULTS=bench/results
mkdir -p "$RESULTS"
log() { echo "[bench/run.sh] $*" >&2; }

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    dotnet build bench/Zumodra.Bench -c Release -nologo -v quiet >&2
    exec dotnet bench/Zumodra.Bench/bin/Release/net10.0/Zumodra.Bench.dll --help
  fi
done

# 10,000 sockets on each side (host and bench) plus files: raise the descriptor limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files limit: $(ulimit -n); ephemeral ports: $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo unknown)"
if [ "$(ulimit -n)" != "unlimited" ] && [ "$(ulimit -n)" -lt 12000 ]; then
  log "warning: the open files limit $(ulimit -n) is below what 10,000 connections need; that scenario will fail to connect them all"
fi

# PostgreSQL and a fresh database.
BASE_CS="$(bash scripts/postgres.sh | tail -n 1)"
DB="${ZUMODRA_BENCH_DB:-zumodra_bench}"
export PGHOST=127.0.0.1 PGPORT="${ZUMODRA_PG_PORT:-5432}" PGUSER="${ZUMODRA_PG_USER:-zumodra}" PGPASSWORD="${ZUMODRA_PG_PASSWORD:-zumodra}"
psql -d postgres -v ON_ERROR_STOP=1 -qc "drop database if exists $DB with (force)" >&2
psql -d postgres -v ON_ERROR_STOP=1 -qc "create database $DB" >&2
CS="${BASE_CS%Database=*}Database=$DB"
log "database $DB created"

# Release builds.
zumodra_host_build >&2
dotnet build bench/Zumodra.Bench -c Release -nologo -v quiet >&2
HOST_DIR="$ZUMODRA_HOST_DIR"
BENCH_DLL="$PWD/bench/Zumodra.Bench/bin/Release/net10.0/Zumodra.Bench.dll"

# A free loopback port.
PORT="${ZUMODRA_BENCH_PORT:-}"
if [ -z "$PORT" ]; then
  for candidate in $(seq 5300 5399); do
    if [ -z "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then PORT=$candidate; break; fi
  done
fi
[ -n "$PORT" ] || { log "no free port in 5300-5399"; exit 1; }
URL="http://127.0.0.1:$PORT"

# What the bench adds to the host's environment (scripts/host-env.sh, which the load generator shares).
export ConnectionStrings__Zumodra="$CS"
BENCH_ENV=(
  Zumodra__Live__MaxConnectionsPerIp=100000
  Zumodra__Live__MaxInvocationsPerMinute=100000
  # Thousands of connections a minute from the bench's one address; the other per-address budgets keep their defaults.
  Zumodra__Live__MaxConnectionAttemptsPerIpPerMinute=1000000
  # Loopback may speak for other addresses: --hostile connections spend the budgets of an address of their own.
  Zumodra__TrustedProxies__0=127.0.0.1
  Zumodra__RateLimiting__Enabled=false
)
export "${BENCH_ENV[@]}"
# A throwaway signing key for this run's admin token.
export Zumodra__Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
HOST_ENV="scripts/host-env.sh as scripts/run.sh uses it ($(for v in "${ZUMODRA_HOST_ENV[@]}"; do printf '%s=%s, ' "$v" "${!v}"; done)the Release output and its appsettings.json)"
HOST_ENV+="; the bench adds $(printf '%s, ' "${BENCH_ENV[@]}")a throwaway Zumodra__Auth__SigningKey and a fresh database (ConnectionStrings__Zumodra)"

ZUMODRA_ADMIN_TOKEN="$(cd "$HOST_DIR" && timeout 120 dotnet Zumodra.Host.dll admin-token | tail -n 1)"
export ZUMODRA_ADMIN_TOKEN

SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${ZUMODRA_BENCH_KEEP_DB:-0}" != "1" ]; then
    psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The host, as its own process (exec: $! is the host itself, whose /proc figures the bench reads).
: >"$RESULTS/server.log"
(cd "$HOST_DIR" && exec dotnet Zumodra.Host.dll --urls "$URL") >>"$RESULTS/server.log" 2>&1 &
SERVER_PID=$!
log "host pid $SERVER_PID at $URL (output: $RESULTS/server.log)"

for _ in $(seq 1 360); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the host exited while starting:"; tail -n 40 "$RESULTS/server.log" >&2; exit 1; fi
  if curl -sf -o /dev/null --max-time 2 "$URL/health"; then break; fi
  sleep 0.25
done
curl -sf -o /dev/null --max-time 2 "$URL/health" || { log "the host did not become healthy within 90 s"; exit 1; }

if git rev-parse --git-dir >/dev/null 2>&1; then
  DEFAULT_LABEL="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes in src')"
else
  DEFAULT_LABEL="not a git checkout"
fi
LABEL="${ZUMODRA_BENCH_LABEL:-$DEFAULT_LABEL}"
set +e
timeout --signal=INT --kill-after=60 "${ZUMODRA_BENCH_TIMEOUT:-2400}" \
  dotnet "$BENCH_DLL" --url "$URL" --server-pid "$SERVER_PID" --server-log "$RESULTS/server.log" \
  --output "$RESULTS/live-fanout.md" --label "$LABEL" --host-env "$HOST_ENV" "$@" 2> >(tee "$RESULTS/bench.log" >&2)
BENCH_STATUS=$?
set -e

if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the host process had exited by the end of the run; see $RESULTS/server.log"; fi
# The host's JSON log (its appsettings.json), or the simple formatter's.
log "host log: $(grep -cE '"LogLevel":"Warning"|^([^ ]+ )?warn: ' "$RESULTS/server.log" || true) warnings, $(grep -cE '"LogLevel":"(Error|Critical)"|^([^ ]+ )?(fail|crit): ' "$RESULTS/server.log" || true) errors ($RESULTS/server.log); bench progress: $RESULTS/bench.log"
exit $BENCH_STATUS
