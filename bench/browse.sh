#!/usr/bin/env bash
# Browse benchmark — on demand only, not part of the test suite.
#
# Ensures the local PostgreSQL (scripts/postgres.sh), builds the Host and bench/Zumodra.Bench.Browse in Release,
# creates a fresh database with the host's schema, seeds 100,000 open jobs, 300 companies and 10,000 projects (COPY
# of their creation events, then `admin-rebuild` of each browse projection), starts the Host on loopback with rate limits off, and measures the cached and
# uncached browse API, the cached /jobs page (against a static file served by the same host), admin writes with and
# without 100 live clients (against plain INSERT transactions straight into PostgreSQL), and the host's RSS after the
# runs and after a forced GC. Markdown to stdout and bench/results/browse.md.
#
#   bash bench/browse.sh                    everything above, then the exports
#   bash bench/browse.sh --exports          only the exports: every job as CSV and as PDF, time and the host's peak RSS growth
#   bash bench/browse.sh --startup [RUNS]   only the first requests after start (issue #22): RUNS (5) fresh starts of the
#                                           host on an empty database; start to the first 200 of /health and /jobs, the
#                                           first admin write against the 100th. Markdown to stdout and bench/results/startup.md.
#
# Environment: ZUMODRA_BENCH_PORT, ZUMODRA_BENCH_BROWSE_DB (default zumodra_bench_browse), ZUMODRA_BENCH_KEEP_DB=1,
# ZUMODRA_BENCH_JOBS (default 100000), ZUMODRA_PG_* as for scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=bench/results
mkdir -p "$RESULTS"
log() { echo "[bench/browse.sh] $*" >&2; }
ulimit -n 65536 2>/dev/null || true
STARTUP_RUNS=""
ONLY_EXPORTS=0
case "${1:-}" in
  --startup) STARTUP_RUNS="${2:-5}" ;;
  --exports) ONLY_EXPORTS=1 ;;
  "") ;;
  *) echo "usage: bench/browse.sh [--exports | --startup [RUNS]]" >&2; exit 2 ;;
esac

BASE_CS="$(bash scripts/postgres.sh | tail -n 1)"
bash scripts/fonts.sh
DB="${ZUMODRA_BENCH_BROWSE_DB:-zumodra_bench_browse}"
export PGHOST=127.0.0.1 PGPORT="${ZUMODRA_PG_PORT:-5432}" PGUSER="${ZUMODRA_PG_USER:-zumodra}" PGPASSWORD="${ZUMODRA_PG_PASSWORD:-zumodra}"
psql -d postgres -v ON_ERROR_STOP=1 -qc "drop database if exists $DB with (force)" >&2
psql -d postgres -v ON_ERROR_STOP=1 -qc "create database $DB" >&2
CS="${BASE_CS%Database=*}Database=$DB"

dotnet build src/Host -c Release -nologo -v quiet >&2
dotnet build bench/Zumodra.Bench.Browse -c Release -nologo -v quiet >&2
HOST_DIR="$PWD/src/Host/bin/Release/net10.0"
BENCH_DLL="$PWD/bench/Zumodra.Bench.Browse/bin/Release/net10.0/Zumodra.Bench.Browse.dll"

export ConnectionStrings__Zumodra="$CS"
export Zumodra__Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
export Zumodra__Live__MaxConnectionsPerIp=1000
export Zumodra__Live__MaxInvocationsPerMinute=100000
export Zumodra__RateLimiting__Enabled=false
export Logging__LogLevel__Default=Warning
export DOTNET_CLI_TELEMETRY_OPTOUT=1

PORT="${ZUMODRA_BENCH_PORT:-}"
if [ -z "$PORT" ]; then
  for candidate in $(seq 5400 5499); do
    if [ -z "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then PORT=$candidate; break; fi
  done
fi
URL="http://127.0.0.1:$PORT"

if [ -n "$STARTUP_RUNS" ]; then
  # The bench program recreates the database before each start and starts and stops the host itself.
  TOKEN="$(cd "$HOST_DIR" && timeout 120 dotnet Zumodra.Host.dll admin-token | tail -n 1)"
  status=0
  timeout --kill-after=30 1800 dotnet "$BENCH_DLL" startup "$HOST_DIR/Zumodra.Host.dll" "$CS" "$URL" "$TOKEN" "$STARTUP_RUNS" "$RESULTS/startup.md" || status=$?
  psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  exit $status
fi

(cd "$HOST_DIR" && timeout 300 dotnet Zumodra.Host.dll db-apply >/dev/null)
timeout 300 dotnet "$BENCH_DLL" seed "$CS" "${ZUMODRA_BENCH_JOBS:-100000}"
for projection in JobBrowseItem CompanyBrowseItem ProjectBrowseItem; do
  (cd "$HOST_DIR" && timeout 600 dotnet Zumodra.Host.dll admin-rebuild "$projection" --json | tail -n 1 >&2)
done
psql -d "$DB" -qc "analyze zumodra.mt_events; analyze zumodra.mt_streams" >&2
psql -d "$DB" -Atc "select format('analyze %I.%I;', schemaname, tablename) from pg_tables where schemaname in ('jobs', 'companies', 'projects')" | psql -d "$DB" -q >&2
TOKEN="$(cd "$HOST_DIR" && timeout 120 dotnet Zumodra.Host.dll admin-token | tail -n 1)"

SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${ZUMODRA_BENCH_KEEP_DB:-0}" != "1" ]; then psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$HOST_DIR" && exec dotnet Zumodra.Host.dll --urls "$URL") >"$RESULTS/browse-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 360); do
  kill -0 "$SERVER_PID" 2>/dev/null || { log "host exited"; tail -n 40 "$RESULTS/browse-server.log" >&2; exit 1; }
  curl -sf -o /dev/null --max-time 2 "$URL/health" && break
  sleep 0.25
done

# The static reference: of the static files the host serves, the one closest in size to GET /api/jobs?page=1.
API_BYTES="$(curl -sf --max-time 10 "$URL/api/jobs?page=1" | wc -c)"
STATIC=""; BEST=""
for file in $(cd src/Web/wwwroot && find . -type f | sed 's|^\./||'); do
  path="/_content/Zumodra.Web/$file"
  size="$(curl -sf --max-time 5 "$URL$path" | wc -c)" || continue
  [ "$size" -gt 0 ] || continue
  diff=$(( size > API_BYTES ? size - API_BYTES : API_BYTES - size ))
  if [ -z "$BEST" ] || [ "$diff" -lt "$BEST" ]; then BEST=$diff; STATIC=$path; fi
done
[ -n "$STATIC" ] || { log "no static file served"; exit 1; }
log "host pid $SERVER_PID at $URL; /api/jobs?page=1 is $API_BYTES B; static reference $STATIC"

status=0
if [ "$ONLY_EXPORTS" = 0 ]; then
  timeout --kill-after=30 600 dotnet "$BENCH_DLL" run "$URL" "$TOKEN" "$SERVER_PID" "$RESULTS/browse.md" "$STATIC" "$CS" || status=$?
fi
timeout --kill-after=30 600 dotnet "$BENCH_DLL" exports "$URL" "$SERVER_PID" "$RESULTS/browse-exports.md" || status=$?
exit $status
