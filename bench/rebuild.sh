#!/usr/bin/env bash
# Projection rebuild benchmark — on demand only, not part of the test suite.
#
# Ensures the local PostgreSQL (scripts/postgres.sh), builds the Host and the bench in Release, creates a fresh
# database with the host's schema (db-apply), writes 100,000 and then 1,000,000 job events straight into it (COPY) and
# times `admin-rebuild JobBrowseItem` (the same rebuild as POST /api/admin/projections/JobBrowseItem/rebuild) over
# them, into an empty read model and over an intact one. The Markdown report goes to stdout and
# bench/results/rebuild.md.
#
#   bash bench/rebuild.sh                          # 100,000 and 1,000,000 events
#   bash bench/rebuild.sh --sizes 100000,200000    # other sizes
#
# Environment: ZUMODRA_BENCH_REBUILD_DB (default zumodra_bench_rebuild), ZUMODRA_BENCH_KEEP_DB=1 keeps the database,
# ZUMODRA_BENCH_LABEL (report header; default: the commit), ZUMODRA_PG_* as for scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[bench/rebuild.sh] $*" >&2; }

BASE_CS="$(bash scripts/postgres.sh | tail -n 1)"
DB="${ZUMODRA_BENCH_REBUILD_DB:-zumodra_bench_rebuild}"
export PGHOST=127.0.0.1 PGPORT="${ZUMODRA_PG_PORT:-5432}" PGUSER="${ZUMODRA_PG_USER:-zumodra}" PGPASSWORD="${ZUMODRA_PG_PASSWORD:-zumodra}"
psql -d postgres -v ON_ERROR_STOP=1 -qc "drop database if exists $DB with (force)" >&2
psql -d postgres -v ON_ERROR_STOP=1 -qc "create database $DB" >&2
CS="${BASE_CS%Database=*}Database=$DB"
cleanup() {
  local status=$?
  if [ "${ZUMODRA_BENCH_KEEP_DB:-0}" != "1" ]; then psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true; fi
  exit $status
}
trap cleanup EXIT

dotnet build src/Host -c Release -nologo -v quiet >&2
dotnet build bench/Zumodra.Bench.Rebuild -c Release -nologo -v quiet >&2
HOST_DLL="$PWD/src/Host/bin/Release/net10.0/Zumodra.Host.dll"

export ConnectionStrings__Zumodra="$CS" Logging__LogLevel__Default=Warning DOTNET_CLI_TELEMETRY_OPTOUT=1
(cd "$(dirname "$HOST_DLL")" && timeout 300 dotnet Zumodra.Host.dll db-apply >/dev/null)
log "database $DB created with the host's schema"

if git rev-parse --git-dir >/dev/null 2>&1; then
  DEFAULT_LABEL="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes in src')"
else
  DEFAULT_LABEL="not a git checkout"
fi
timeout 3600 dotnet bench/Zumodra.Bench.Rebuild/bin/Release/net10.0/Zumodra.Bench.Rebuild.dll \
  --connection "$CS" --host "$HOST_DLL" --output bench/results/rebuild.md --label "${ZUMODRA_BENCH_LABEL:-$DEFAULT_LABEL}" "$@"
