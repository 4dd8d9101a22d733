#!/usr/bin/env bash
# Runs every test: starts (installing if needed) the local PostgreSQL the tests use, builds, tests.
# Test collections each create their own database on that server, so they run in parallel safely.
set -euo pipefail
cd "$(dirname "$0")/.."

ZUMODRA_TEST_POSTGRES="$(bash scripts/postgres.sh | tail -n 1)"
export ZUMODRA_TEST_POSTGRES

dotnet build Zumodra.sln -c Debug -nologo -v quiet
status=0
log=$(mktemp)
dotnet test tests/Zumodra.Tests --no-build -c Debug --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One plain closing line, whatever the runner printed.
summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -n 1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ -z "$summary" ] && [ "$status" -eq 0 ]; then echo "no test summary found" >&2; status=1; fi
exit "$status"
