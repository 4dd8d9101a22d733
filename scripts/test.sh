#!/usr/bin/env bash
# Runs every test: starts (installing if needed) the local PostgreSQL the tests use, installs Redis for the cluster
# tests and Chromium for the browser tests, builds (the build runs `npm ci` for the pages' browser libraries), tests.
# Test collections each create their own database on that server, so they run in parallel safely.
# --quick skips the tests that start host processes or a browser, and the few that load 100k rows or fuzz for a minute
# ([Trait("Category", "Process"|"Browser"|"Slow")]), for a fast local loop; CI and the plain command run everything.
# After the build, scripts/codegen.sh --check fails the run if the Wolverine code the Production host loads
# (src/Host/Internal/Generated) is stale. Without --quick, the live benchmark's smoke follows the tests (bench/run.sh
# --smoke: one Zumodra / bare hub pair of 100 clients); it fails the run only on lost deliveries or a failed process,
# never on time. Its one-line result and the generated code's verdict come just before the tests' closing line, which
# stays last.
set -euo pipefail
cd "$(dirname "$0")/.."

filter=()
case "${1:-}" in
  --quick) filter=(--filter "Category!=Process&Category!=Browser&Category!=Slow") ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

ZUMODRA_TEST_POSTGRES="$(bash scripts/postgres.sh | tail -n 1)"
export ZUMODRA_TEST_POSTGRES

# The cluster tests start Redis servers of their own (Debian's redis-server).
if [ ${#filter[@]} -eq 0 ]; then bash scripts/redis.sh --install-only; fi

# The PDF export tests draw with Debian's DejaVu fonts.
bash scripts/fonts.sh

# The browser tests drive Debian's Chromium.
if [ ${#filter[@]} -eq 0 ]; then bash scripts/chromium.sh; fi

if ! dotnet build Zumodra.sln -c Debug -nologo -v quiet; then
  echo "build failed (if its errors are in src/Host/Internal/Generated, a handler or endpoint changed: regenerate it with 'bash scripts/codegen.sh')" >&2
  exit 1
fi
status=0
# The Wolverine code the Production host loads (src/Host/Internal/Generated) must be what the handlers generate now.
codegen=current
bash scripts/codegen.sh --check || { codegen="STALE: regenerate it with 'bash scripts/codegen.sh' and commit it"; status=1; }
log=$(mktemp)
dotnet test tests/Zumodra.Tests --no-build -c Debug "${filter[@]}" --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# One plain closing line, whatever the runner printed ("Total tests: N / Passed: N / Failed: N / Skipped: N").
count() { sed -nE "s/^ +$1: +([0-9]+)$/\1/p" "$log" | tail -n 1; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
if [ -z "$passed" ] && [ -z "$failed" ]; then echo "no test summary found" >&2; [ "$status" -ne 0 ] || status=1; fi

if [ ${#filter[@]} -eq 0 ]; then
  mkdir -p bench/results/smoke
  smoke_log=bench/results/smoke/run.log
  echo "test.sh: live benchmark smoke (bench/run.sh --smoke; progress in $smoke_log)" >&2
  if ! smoke=$(bash bench/run.sh --smoke 2>"$smoke_log" | tail -n 1); then
    tail -n 30 "$smoke_log"
    [ -n "$smoke" ] || smoke="FAILED before its verdict (see $smoke_log)"
    status=1
  fi
fi
# CI shows only the end of the output: repeat each failure (its name, message and the start of its stack) there.
if [ "${failed:-0}" != "0" ]; then
  echo "failed tests:"
  awk '/^  Failed /{on=1; n=0} /^  Passed /{on=0} on && n++ < 30' "$log"
fi
if [ -n "${smoke_log:-}" ]; then echo "bench smoke: ${smoke#pairs: }"; fi
echo "generated code: $codegen"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
