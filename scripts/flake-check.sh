#!/usr/bin/env bash
# Runs the process and browser tests (the ones that start hosts, sockets and Chromium) N times in a row while a
# CPU-burning process competes for one core, and stops at the first red run: the check behind "tests that do not
# flake". Usage: scripts/flake-check.sh [runs, default 20]. Each run's log is kept in bench/results/flake/.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"

ZUMODRA_TEST_POSTGRES="$(bash scripts/postgres.sh | tail -n 1)"
export ZUMODRA_TEST_POSTGRES
bash scripts/redis.sh --install-only
bash scripts/chromium.sh
dotnet build Zumodra.sln -c Debug -nologo -v quiet

sh -c 'while :; do :; done' &
burner=$!
trap 'kill "$burner" 2>/dev/null || true' EXIT

mkdir -p bench/results/flake
for i in $(seq 1 "$runs"); do
  log="bench/results/flake/run-$i.log"
  start=$(date +%s)
  if dotnet test tests/Zumodra.Tests --no-build -c Debug --filter "Category=Process|Category=Browser" \
       --logger "console;verbosity=normal" > "$log" 2>&1; then
    echo "run $i/$runs: green in $(( $(date +%s) - start )) s ($(grep -aoE 'Passed: +[0-9]+' "$log" | tail -n 1))"
  else
    echo "run $i/$runs: RED after $(( $(date +%s) - start )) s; failures:"
    awk '/^  Failed /{on=1; n=0} /^  Passed /{on=0} on && n++ < 30' "$log"
    exit 1
  fi
done
echo "flake check: $runs of $runs runs green with a CPU burner"
