#!/usr/bin/env bash
# Runs Zumodra on this machine: starts (installing if needed) a local PostgreSQL unless
# ConnectionStrings__Zumodra is set, builds, seeds the demo data (idempotent) and serves.
set -euo pipefail
cd "$(dirname "$0")/.."

URL="${ZUMODRA_URL:-http://localhost:5080}"
if [ -z "${ConnectionStrings__Zumodra:-}" ]; then
  ConnectionStrings__Zumodra="$(bash scripts/postgres.sh | tail -n 1)"
  export ConnectionStrings__Zumodra
fi

# PDF exports draw with Debian's DejaVu fonts.
bash scripts/fonts.sh
source scripts/host-env.sh
zumodra_host_build
cd "$ZUMODRA_HOST_DIR"
HOST_DLL=Zumodra.Host.dll

dotnet "$HOST_DLL" seed
echo
echo "Zumodra is starting at $URL  (API: $URL/api/jobs, reference: $URL/api/docs, live hub: $URL/hubs/live)"
echo "Admin token for scripts: dotnet run --project src/Host -- admin-token"
echo
exec dotnet "$HOST_DLL" --urls "$URL"
