#!/usr/bin/env bash
# Live fan-out benchmark — on demand only; its --smoke form runs in scripts/test.sh.
#
# Ensures the local PostgreSQL (scripts/postgres.sh), builds in Release, and for each target run creates a fresh
# database, starts the target as its own process on loopback and runs bench/Zumodra.Bench against it. The host runs in
# the environment of scripts/host-env.sh, as scripts/run.sh runs it; the bench adds only the lifted limits, loopback as
# a trusted proxy (for --hostile), a throwaway signing key for its admin token and the database (the report's header
# names them). The load generator always runs with inline socket completions on. Every step is bounded in time; the
# target is stopped on exit.
#
# One target (default): Zumodra. The Markdown report goes to stdout and bench/results/live-fanout.md; the host's output
# to bench/results/server.log, the bench's progress to stderr and bench/results/bench.log.
#
# Pairs (--pairs K): for each client count (--clients, default 100,1000,3000), K pairs of runs, Zumodra then the bare
# SignalR hub of bench/Zumodra.Bench.BareHub, each its own fresh process on a fresh database, with the same bench
# arguments (fan-out only: --idle 0 --repeat 1). The pairs report goes to stdout and bench/results/live-pairs.md, each
# run's report, figures and server log to bench/results/pairs/; the last line on stdout is a verdict, and the exit
# status is 1 when a delivery was lost, a target crashed or exited non-zero, or the bench failed (never for time).
#
#   bash bench/run.sh                                   # 100, 1,000, 3,000 clients at 50 w/s for 10 s, then 10,000 idle
#   bash bench/run.sh --repeat 3                        # median of 3 runs per fan-out scenario
#   bash bench/run.sh --clients 1000 --idle 0 --rate 100 --duration 20
#   bash bench/run.sh --clients 100 --idle 0 --warmup-clients 100 --hostile 5   # 100 clients without, then next to, 5 hostile connections
#   bash bench/run.sh --pairs 3                         # Zumodra / bare hub, 3 interleaved pairs per client count
#   bash bench/run.sh --pairs 3 --inline-completions both   # each round: both targets with inline completions on, then off
#   bash bench/run.sh --smoke                           # CI: one pair, 100 clients, 3 s of writes (bench/results/smoke/)
#   bash bench/run.sh --help                            # all bench options
#
# --inline-completions on|off sets the targets' DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS (default: scripts/host-env.sh's).
# Environment: ZUMODRA_BENCH_PORT (default: a free port from 5300), ZUMODRA_BENCH_DB (default zumodra_bench, the smoke
# zumodra_bench_smoke), ZUMODRA_BENCH_KEEP_DB=1 keeps the database afterwards, ZUMODRA_BENCH_LABEL (report header;
# default: the commit), ZUMODRA_BENCH_TIMEOUT (seconds per bench run, default 2400), ZUMODRA_PG_* as for scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-env.sh

RESULTS=bench/results
log() { echo "[bench/run.sh] $*" >&2; }
usage() { log "$*"; log "usage: bench/run.sh [--pairs K [--inline-completions on|off|both] | --smoke] [bench options; --help lists them]"; exit 2; }

PAIRS=0
SMOKE=0
INLINE=""
CLIENTS="100,1000,3000"
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      dotnet build bench/Zumodra.Bench -c Release -nologo -v quiet >&2
      exec dotnet bench/Zumodra.Bench/bin/Release/net10.0/Zumodra.Bench.dll --help ;;
    --pairs) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--pairs needs a whole number ≥ 1"; PAIRS=$2; shift 2 ;;
    --inline-completions) [ $# -ge 2 ] && [[ "$2" =~ ^(on|off|both)$ ]] || usage "--inline-completions is on, off or both"; INLINE=$2; shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    --clients) [ $# -ge 2 ] || usage "--clients needs a value"; CLIENTS=$2; PASS+=("$1" "$2"); shift 2 ;;
    *) PASS+=("$1"); shift ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  PAIRS=1
  CLIENTS=100
  PASS=(--idle 0 --duration 3 --warmup-clients 0 "${PASS[@]}")
  RESULTS=bench/results/smoke
fi
if [ "$PAIRS" -gt 0 ]; then
  for arg in "${PASS[@]}"; do
    case "$arg" in --repeat|--hostile|--idle-repeat|--idle-writes) usage "--pairs runs fan-out scenarios once per run: no $arg" ;; esac
  done
elif [ "$INLINE" = both ]; then
  usage "--inline-completions both needs --pairs"
fi
mkdir -p "$RESULTS"

# 10,000 sockets on each side (host and bench) plus files: raise the descriptor limit as far as allowed.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files limit: $(ulimit -n); ephemeral ports: $(tr '\t' '-' </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo unknown)"
if [ "$(ulimit -n)" != "unlimited" ] && [ "$(ulimit -n)" -lt 12000 ]; then
  log "warning: the open files limit $(ulimit -n) is below what 10,000 connections need; that scenario will fail to connect them all"
fi

# PostgreSQL; each run gets a fresh database of this name.
BASE_CS="$(bash scripts/postgres.sh | tail -n 1)"
DB="${ZUMODRA_BENCH_DB:-$([ "$SMOKE" = 1 ] && echo zumodra_bench_smoke || echo zumodra_bench)}"
export PGHOST=127.0.0.1 PGPORT="${ZUMODRA_PG_PORT:-5432}" PGUSER="${ZUMODRA_PG_USER:-zumodra}" PGPASSWORD="${ZUMODRA_PG_PASSWORD:-zumodra}"
export ConnectionStrings__Zumodra="${BASE_CS%Database=*}Database=$DB"
fresh_database() {
  psql -d postgres -v ON_ERROR_STOP=1 -qc "drop database if exists $DB with (force)" >&2
  psql -d postgres -v ON_ERROR_STOP=1 -qc "create database $DB" >&2
}

# Release builds.
export DOTNET_CLI_TELEMETRY_OPTOUT=1
zumodra_host_build >&2
dotnet build bench/Zumodra.Bench -c Release -nologo -v quiet >&2
BENCH_DLL="$PWD/bench/Zumodra.Bench/bin/Release/net10.0/Zumodra.Bench.dll"
BARE_DIR="$PWD/bench/Zumodra.Bench.BareHub/bin/Release/net10.0"
if [ "$PAIRS" -gt 0 ]; then dotnet build bench/Zumodra.Bench.BareHub -c Release -nologo -v quiet >&2; fi

# What the bench adds to the host's environment (the bare hub ignores all but the database).
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
HOST_ENV="scripts/host-env.sh as scripts/run.sh uses it ($(for v in "${ZUMODRA_HOST_ENV[@]}"; do printf '%s=%s, ' "$v" "${!v}"; done)the Release output and its appsettings.json)"
[ -z "$INLINE" ] || HOST_ENV+=", but DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS as --inline-completions $INLINE says"
HOST_ENV+="; the bench adds $(printf '%s, ' "${BENCH_ENV[@]}")a throwaway Zumodra__Auth__SigningKey and a fresh database per run (ConnectionStrings__Zumodra)"
ZUMODRA_ADMIN_TOKEN="$(cd "$ZUMODRA_HOST_DIR" && timeout 120 dotnet Zumodra.Host.dll admin-token | tail -n 1)"
export ZUMODRA_ADMIN_TOKEN

if git rev-parse --git-dir >/dev/null 2>&1; then
  DEFAULT_LABEL="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench/Zumodra.Bench.BareHub || echo ' + uncommitted changes')"
else
  DEFAULT_LABEL="not a git checkout"
fi
LABEL="${ZUMODRA_BENCH_LABEL:-$DEFAULT_LABEL}"

SERVER_PID=""
TARGET_EXIT=0
# Stops the target (TERM, then KILL after 30 s) and keeps its exit status in TARGET_EXIT.
stop_target() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  TARGET_EXIT=0
  wait "$SERVER_PID" 2>/dev/null || TARGET_EXIT=$?
  SERVER_PID=""
}
cleanup() {
  local status=$?
  stop_target
  if [ "${ZUMODRA_BENCH_KEEP_DB:-0}" != "1" ]; then
    psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a target (zumodra or bare) on a fresh database and a free loopback port, with inline completions $2 (1 or 0),
# its output to $3; as its own process (exec: $! is the target itself, whose /proc figures the bench reads).
start_target() {
  local target=$1 inline=$2 output=$3 dir dll port="${ZUMODRA_BENCH_PORT:-}"
  fresh_database
  if [ -z "$port" ]; then
    for candidate in $(seq 5300 5399); do
      if [ -z "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then port=$candidate; break; fi
    done
  fi
  [ -n "$port" ] || { log "no free port in 5300-5399"; exit 1; }
  URL="http://127.0.0.1:$port"
  if [ "$target" = zumodra ]; then dir=$ZUMODRA_HOST_DIR dll=Zumodra.Host.dll; else dir=$BARE_DIR dll=Zumodra.Bench.BareHub.dll; fi
  : >"$output"
  (cd "$dir" && exec env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="$inline" dotnet "$dll" --urls "$URL") >>"$output" 2>&1 &
  SERVER_PID=$!
  log "$target pid $SERVER_PID at $URL, database $DB, inline completions $inline (output: $output)"
  for _ in $(seq 1 360); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "$target exited while starting:"; tail -n 40 "$output" >&2; return 1; fi
    if curl -sf -o /dev/null --max-time 2 "$URL/health"; then return 0; fi
    sleep 0.25
  done
  log "$target did not become healthy within 90 s"
  return 1
}

# Runs the bench against the started target; its arguments after the common ones. The bench's exit status in BENCH_STATUS.
run_bench() {
  local bench_log=$1
  shift
  set +e
  timeout --signal=INT --kill-after=60 "${ZUMODRA_BENCH_TIMEOUT:-2400}" \
    env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$BENCH_DLL" --url "$URL" --server-pid "$SERVER_PID" --host-env "$HOST_ENV" "$@" \
    2> >(tee -a "$bench_log" >&2)
  BENCH_STATUS=$?
  set -e
}

# Warnings and errors in a host log (JSON, as the host's appsettings.json has it, or the simple formatter).
log_counts() {
  echo "$(grep -cE '"LogLevel":"Warning"|^([^ ]+ )?warn: ' "$1" || true) warnings, $(grep -cE '"LogLevel":"(Error|Critical)"|^([^ ]+ )?(fail|crit): ' "$1" || true) errors"
}

if [ "$PAIRS" -eq 0 ]; then
  case "$INLINE" in on) INLINE_VALUE=1 ;; off) INLINE_VALUE=0 ;; *) INLINE_VALUE=$DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS ;; esac
  start_target zumodra "$INLINE_VALUE" "$RESULTS/server.log"
  : >"$RESULTS/bench.log"
  run_bench "$RESULTS/bench.log" --server-log "$RESULTS/server.log" --output "$RESULTS/live-fanout.md" --label "$LABEL" "${PASS[@]}"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "the host process had exited by the end of the run; see $RESULTS/server.log"; fi
  log "host log: $(log_counts "$RESULTS/server.log") ($RESULTS/server.log); bench progress: $RESULTS/bench.log"
  exit $BENCH_STATUS
fi

# Pairs: Zumodra, then the bare hub, K times per client count (with both settings: on, then off, in each round).
PAIRS_DIR="$RESULTS/pairs"
rm -rf "$PAIRS_DIR"
mkdir -p "$PAIRS_DIR"
MANIFEST="$PAIRS_DIR/runs.tsv"
: >"$MANIFEST"
case "$INLINE" in
  both) SETTINGS=(on off) ;;
  on|off) SETTINGS=("$INLINE") ;;
  *) SETTINGS=("$([ "$DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS" = 1 ] || [ "$DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS" = true ] && echo on || echo off)") ;;
esac
for size in ${CLIENTS//,/ }; do
  for pair in $(seq 1 "$PAIRS"); do
    for setting in "${SETTINGS[@]}"; do
      for target in zumodra bare; do
        name="$size-$pair-$setting-$target"
        alive=0
        BENCH_STATUS=1
        if start_target "$target" "$([ "$setting" = on ] && echo 1 || echo 0)" "$PAIRS_DIR/$name.server.log"; then
          run_bench "$PAIRS_DIR/bench.log" --server-log "$PAIRS_DIR/$name.server.log" --output "$PAIRS_DIR/$name.md" --record "$PAIRS_DIR/$name.json" \
            --label "$LABEL; target: $target, pair $pair, inline completions $setting" "${PASS[@]}" --clients "$size" --idle 0 --repeat 1 >/dev/null
          if kill -0 "$SERVER_PID" 2>/dev/null; then alive=1; fi
        fi
        stop_target
        log "$name: bench exit $BENCH_STATUS, target $([ $alive = 1 ] && echo "stopped with exit status $TARGET_EXIT" || echo "had exited"); log: $(log_counts "$PAIRS_DIR/$name.server.log")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$pair" "$setting" "$target" "$BENCH_STATUS" "$alive" "$TARGET_EXIT" "$name" >>"$MANIFEST"
      done
    done
  done
done

dotnet "$BENCH_DLL" pairs --manifest "$MANIFEST" --output "$RESULTS/live-pairs.md" --label "$LABEL" --host-env "$HOST_ENV" \
  "${PASS[@]}" --clients "$CLIENTS" --idle 0 --repeat 1
