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
# Cluster (--nodes N, --backplane, --failover): the bench starts a redis-server of its own on a free loopback port
# (stopped on exit, flushed before each target) and runs N host processes with ConnectionStrings__Redis set to it, on
# one fresh database; the bench's clients connect to the nodes directly, no balancer (client i to node i mod N), and
# write i goes through node i mod N. --nodes N: pairs (K of --pairs, default 1) of Zumodra on one node (cluster mode
# off) then on N nodes; the ratio is N nodes / one node. --backplane: pairs of Zumodra on 2 nodes then the bare hub on 2
# nodes over SignalR's Redis backplane; the ratio is Zumodra / bare hub. --failover: 1,000 clients (--clients) over 2
# nodes, a burst of --rate × --duration writes, node 2 killed (SIGKILL) halfway through; its report goes to stdout and
# bench/results/failover.md, the nodes' output to bench/results/failover.node<k>.log; exit 1 on a lost or duplicated
# delivery or a failed process (never for time).
#
#   bash bench/run.sh                                   # 100, 1,000, 3,000 clients at 50 w/s for 10 s, then 10,000 idle
#   bash bench/run.sh --repeat 3                        # median of 3 runs per fan-out scenario
#   bash bench/run.sh --clients 1000 --idle 0 --rate 100 --duration 20
#   bash bench/run.sh --clients 100 --idle 0 --warmup-clients 100 --hostile 5   # 100 clients without, then next to, 5 hostile connections
#   bash bench/run.sh --pairs 3                         # Zumodra / bare hub, 3 interleaved pairs per client count
#   bash bench/run.sh --pairs 3 --inline-completions both   # each round: both targets with inline completions on, then off
#   bash bench/run.sh --nodes 2 --pairs 3 --clients 3000   # one node / two nodes, 3 interleaved pairs
#   bash bench/run.sh --backplane --clients 1000        # Zumodra on 2 nodes / the bare hub on 2 nodes over the Redis backplane
#   bash bench/run.sh --failover                        # 1,000 clients over 2 nodes, node 2 killed mid-burst
#   bash bench/run.sh --smoke                           # CI: one pair, 100 clients, 3 s of writes (bench/results/smoke/)
#   bash bench/run.sh --help                            # all bench options
#
# --inline-completions on|off sets the targets' DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS (default off, as scripts/run.sh runs the host).
# --zumodra-env NAME=VALUE (repeatable) gives Zumodra's processes alone one more variable, to try a setting against the
# same bare hub before the product adopts it (the report's header names it).
# Environment: ZUMODRA_BENCH_PORT (default: a free port from 5300), ZUMODRA_BENCH_DB (default zumodra_bench, the smoke
# zumodra_bench_smoke), ZUMODRA_BENCH_KEEP_DB=1 keeps the database afterwards, ZUMODRA_BENCH_LABEL (report header;
# default: the commit), ZUMODRA_BENCH_TIMEOUT (seconds per bench run, default 2400), ZUMODRA_PG_* as for scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/host-env.sh

RESULTS=bench/results
log() { echo "[bench/run.sh] $*" >&2; }
usage() { log "$*"; log "usage: bench/run.sh [--pairs K [--inline-completions on|off|both] [--nodes N | --backplane] | --failover | --smoke] [bench options; --help lists them]"; exit 2; }

PAIRS=0
SMOKE=0
NODES=1
BACKPLANE=0
FAILOVER=0
INLINE=""
ZUMODRA_ENV=()
CLIENTS="100,1000,3000"
CLIENTS_GIVEN=0
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help)
      dotnet build bench/Zumodra.Bench -c Release -nologo -v quiet >&2
      exec dotnet bench/Zumodra.Bench/bin/Release/net10.0/Zumodra.Bench.dll --help ;;
    --pairs) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--pairs needs a whole number ≥ 1"; PAIRS=$2; shift 2 ;;
    --inline-completions) [ $# -ge 2 ] && [[ "$2" =~ ^(on|off|both)$ ]] || usage "--inline-completions is on, off or both"; INLINE=$2; shift 2 ;;
    --zumodra-env) [ $# -ge 2 ] && [[ "$2" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || usage "--zumodra-env needs NAME=VALUE"; ZUMODRA_ENV+=("$2"); shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    --nodes) [ $# -ge 2 ] && [[ "$2" =~ ^([2-9]|[1-9][0-9]+)$ ]] || usage "--nodes needs a whole number ≥ 2"; NODES=$2; shift 2 ;;
    --backplane) BACKPLANE=1; shift ;;
    --failover) FAILOVER=1; shift ;;
    --clients) [ $# -ge 2 ] || usage "--clients needs a value"; CLIENTS=$2; CLIENTS_GIVEN=1; PASS+=("$1" "$2"); shift 2 ;;
    *) PASS+=("$1"); shift ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  PAIRS=1
  CLIENTS=100
  PASS=(--idle 0 --duration 3 --warmup-clients 0 "${PASS[@]}")
  RESULTS=bench/results/smoke
fi
# The targets of each pair, in the order they run, and the one whose p99 is the ratio's numerator; "-N": on N nodes.
TARGETS=(zumodra bare)
SUBJECT=zumodra
if [ "$NODES" -gt 1 ] && [ "$BACKPLANE" = 1 ]; then usage "--nodes and --backplane are two comparisons: one at a time"; fi
if [ "$NODES" -gt 1 ]; then TARGETS=(zumodra "zumodra-$NODES") SUBJECT="zumodra-$NODES"; fi
if [ "$BACKPLANE" = 1 ]; then TARGETS=(zumodra-2 bare-2) SUBJECT=zumodra-2; fi
if [ "$FAILOVER" = 1 ]; then
  [ "$PAIRS" = 0 ] && [ "$SMOKE" = 0 ] && [ "${TARGETS[0]}" = zumodra ] || usage "--failover runs on its own"
  [ "$CLIENTS_GIVEN" = 1 ] || PASS+=(--clients 1000)
elif [ "${TARGETS[0]}" != zumodra ] || [ "$NODES" -gt 1 ]; then
  [ "$PAIRS" -gt 0 ] || PAIRS=1
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

# A Redis of the bench's own for cluster targets, on a free loopback port; flushed before each target, stopped on exit.
REDIS_PID=""
REDIS_PORT=""
if [[ " ${TARGETS[*]} " == *-* ]] || [ "$FAILOVER" = 1 ]; then
  bash scripts/redis.sh --install-only >&2
  for candidate in $(seq 6400 6499); do
    if [ -z "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then REDIS_PORT=$candidate; break; fi
  done
  [ -n "$REDIS_PORT" ] || { log "no free port in 6400-6499 for Redis"; exit 1; }
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --logfile "" >/dev/null 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null || { log "redis-server did not start on port $REDIS_PORT"; exit 1; }
  log "redis-server pid $REDIS_PID on 127.0.0.1:$REDIS_PORT"
fi

# What the bench adds to the host's environment (the bare hub ignores all but the database).
BENCH_ENV=(
  Zumodra__Live__MaxConnectionsPerIp=100000
  Zumodra__Live__MaxInvocationsPerMinute=100000
  # Thousands of connections a minute from the bench's one address; the other per-address budgets keep their defaults.
  Zumodra__Live__MaxConnectionAttemptsPerIpPerMinute=1000000
  # Loopback may speak for other addresses: --hostile connections spend the budgets of an address of their own.
  Zumodra__TrustedProxies__0=127.0.0.1
  Zumodra__RateLimiting__Enabled=false
  # Clients reconnecting after a node's death all catch up from the bench's one address.
  Zumodra__Live__MaxCatchUpEventsPerIpPerMinute=100000000
)
export "${BENCH_ENV[@]}"
# A throwaway signing key for this run's admin token.
export Zumodra__Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
HOST_ENV="scripts/host-env.sh as scripts/run.sh uses it (the Release output and its appsettings.json)"
[ -z "$INLINE" ] || HOST_ENV+=", but DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS as --inline-completions $INLINE says"
[ "${#ZUMODRA_ENV[@]}" = 0 ] || HOST_ENV+="; Zumodra alone also gets $(printf '%s ' "${ZUMODRA_ENV[@]}")(--zumodra-env)"
HOST_ENV+="; the bench adds $(printf '%s, ' "${BENCH_ENV[@]}")a throwaway Zumodra__Auth__SigningKey and a fresh database per run (ConnectionStrings__Zumodra)"
[ -z "$REDIS_PORT" ] || HOST_ENV+="; targets on several nodes: ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT (the bench's own redis-server, flushed before each target), the nodes started one after the other"
ZUMODRA_ADMIN_TOKEN="$(cd "$ZUMODRA_HOST_DIR" && timeout 120 dotnet Zumodra.Host.dll admin-token | tail -n 1)"
export ZUMODRA_ADMIN_TOKEN

if git rev-parse --git-dir >/dev/null 2>&1; then
  DEFAULT_LABEL="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench/Zumodra.Bench.BareHub || echo ' + uncommitted changes')"
else
  DEFAULT_LABEL="not a git checkout"
fi
LABEL="${ZUMODRA_BENCH_LABEL:-$DEFAULT_LABEL}"

SERVER_PIDS=()
TARGET_EXIT=0
# Whether every node of the target is still running.
target_alive() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}
# Stops the target's nodes still running (TERM, then KILL after 30 s); the first non-zero exit status among them in TARGET_EXIT.
stop_target() {
  local pid status running=()
  for pid in "${SERVER_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then running+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 300); do
    status=0
    for pid in "${running[@]}"; do kill -0 "$pid" 2>/dev/null && status=1; done
    [ "$status" = 1 ] || break
    sleep 0.1
  done
  TARGET_EXIT=0
  for pid in "${SERVER_PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?
    if [[ " ${running[*]} " == *" $pid "* ]] && [ "$TARGET_EXIT" = 0 ]; then TARGET_EXIT=$status; fi
  done
  SERVER_PIDS=()
}
cleanup() {
  local status=$?
  stop_target
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  if [ "${ZUMODRA_BENCH_KEEP_DB:-0}" != "1" ]; then
    psql -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a target (zumodra or bare; "-N": on N nodes sharing the bench's Redis) on a fresh database and free loopback
# ports, with inline completions $2 (1 or 0), its output to $3 (several nodes: $3 with .node<k> before .log); each node
# as its own process (exec: $! is the node itself, whose /proc figures the bench reads), one after the other. Sets URL,
# SERVER_PID and SERVER_LOG (comma-separated with several nodes) and SERVER_PIDS.
start_target() {
  local target=${1%-*} nodes=1 inline=$2 output=$3 dir dll port node url pid log cluster=()
  [[ "$1" != *-* ]] || nodes=${1##*-}
  fresh_database
  if [ "$nodes" -gt 1 ]; then
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
    cluster=(ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT")
  fi
  local extra=()
  if [ "$target" = zumodra ]; then dir=$ZUMODRA_HOST_DIR dll=Zumodra.Host.dll extra=("${ZUMODRA_ENV[@]}"); else dir=$BARE_DIR dll=Zumodra.Bench.BareHub.dll; fi
  URL="" SERVER_PID="" SERVER_LOG="" SERVER_PIDS=()
  for node in $(seq 1 "$nodes"); do
    port="${ZUMODRA_BENCH_PORT:-}"
    if [ -z "$port" ] || [ "$node" -gt 1 ]; then
      port=""
      for candidate in $(seq 5300 5399); do
        if [ -z "$(ss -Hltn "sport = :$candidate" 2>/dev/null)" ]; then port=$candidate; break; fi
      done
    fi
    [ -n "$port" ] || { log "no free port in 5300-5399"; exit 1; }
    url="http://127.0.0.1:$port"
    log=$([ "$nodes" = 1 ] && echo "$output" || echo "${output%.log}.node$node.log")
    : >"$log"
    (cd "$dir" && exec env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="$inline" "${cluster[@]}" "${extra[@]}" dotnet "$dll" --urls "$url") >>"$log" 2>&1 &
    pid=$!
    SERVER_PIDS+=("$pid")
    URL+="${URL:+,}$url" SERVER_PID+="${SERVER_PID:+,}$pid" SERVER_LOG+="${SERVER_LOG:+,}$log"
    log "$1 node $node pid $pid at $url, database $DB, inline completions $inline (output: $log)"
    local healthy=0
    for _ in $(seq 1 360); do
      if ! kill -0 "$pid" 2>/dev/null; then log "$1 node $node exited while starting:"; tail -n 40 "$log" >&2; return 1; fi
      if curl -sf -o /dev/null --max-time 2 "$url/health"; then healthy=1; break; fi
      sleep 0.25
    done
    [ "$healthy" = 1 ] || { log "$1 node $node did not become healthy within 90 s"; return 1; }
  done
}

# Runs the bench (its command in BENCH_COMMAND: none, or failover) against the started target; its arguments after the
# common ones. The bench's exit status in BENCH_STATUS.
BENCH_COMMAND=()
run_bench() {
  local bench_log=$1
  shift
  set +e
  timeout --signal=INT --kill-after=60 "${ZUMODRA_BENCH_TIMEOUT:-2400}" \
    env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$BENCH_DLL" "${BENCH_COMMAND[@]}" --url "$URL" --server-pid "$SERVER_PID" --server-log "$SERVER_LOG" \
    --host-env "$HOST_ENV" "$@" \
    2> >(tee -a "$bench_log" >&2)
  BENCH_STATUS=$?
  set -e
}

# Warnings and errors in a host log (JSON, as the host's appsettings.json has it, or the simple formatter).
log_counts() {
  local logs
  IFS=, read -ra logs <<<"$1"
  echo "$(cat "${logs[@]}" | grep -cE '"LogLevel":"Warning"|^([^ ]+ )?warn: ' || true) warnings, $(cat "${logs[@]}" | grep -cE '"LogLevel":"(Error|Critical)"|^([^ ]+ )?(fail|crit): ' || true) errors"
}

case "$INLINE" in on) INLINE_VALUE=1 ;; *) INLINE_VALUE=0 ;; esac
if [ "$FAILOVER" = 1 ]; then
  start_target zumodra-2 "$INLINE_VALUE" "$RESULTS/failover.log"
  : >"$RESULTS/bench.log"
  BENCH_COMMAND=(failover)
  run_bench "$RESULTS/bench.log" --output "$RESULTS/failover.md" --label "$LABEL" "${PASS[@]}"
  # The bench killed node 2; node 1 must have survived and stop cleanly (stop_target judges the nodes still running).
  if ! kill -0 "${SERVER_PIDS[0]}" 2>/dev/null; then log "the surviving node had exited by the end of the run; see $RESULTS/failover.node1.log"; BENCH_STATUS=1; fi
  stop_target
  [ "$TARGET_EXIT" = 0 ] || { log "the surviving node exited with status $TARGET_EXIT when stopped"; BENCH_STATUS=1; }
  log "node logs: $(log_counts "$SERVER_LOG") ($SERVER_LOG); bench progress: $RESULTS/bench.log"
  exit $BENCH_STATUS
fi
if [ "$PAIRS" -eq 0 ]; then
  start_target zumodra "$INLINE_VALUE" "$RESULTS/server.log"
  : >"$RESULTS/bench.log"
  run_bench "$RESULTS/bench.log" --output "$RESULTS/live-fanout.md" --label "$LABEL" "${PASS[@]}"
  if ! target_alive; then log "the host process had exited by the end of the run; see $RESULTS/server.log"; fi
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
  *) SETTINGS=(off) ;;
esac
for size in ${CLIENTS//,/ }; do
  for pair in $(seq 1 "$PAIRS"); do
    for setting in "${SETTINGS[@]}"; do
      for target in "${TARGETS[@]}"; do
        name="$size-$pair-$setting-$target"
        alive=0
        BENCH_STATUS=1
        if start_target "$target" "$([ "$setting" = on ] && echo 1 || echo 0)" "$PAIRS_DIR/$name.server.log"; then
          run_bench "$PAIRS_DIR/bench.log" --output "$PAIRS_DIR/$name.md" --record "$PAIRS_DIR/$name.json" \
            --label "$LABEL; target: $target, pair $pair, inline completions $setting" "${PASS[@]}" --clients "$size" --idle 0 --repeat 1 >/dev/null
          if target_alive; then alive=1; fi
        fi
        stop_target
        log "$name: bench exit $BENCH_STATUS, target $([ $alive = 1 ] && echo "stopped with exit status $TARGET_EXIT" || echo "had exited"); log: $(log_counts "$SERVER_LOG")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$pair" "$setting" "$target" "$BENCH_STATUS" "$alive" "$TARGET_EXIT" "$name" >>"$MANIFEST"
      done
    done
  done
done

dotnet "$BENCH_DLL" pairs --manifest "$MANIFEST" --subject "$SUBJECT" --output "$RESULTS/live-pairs.md" --label "$LABEL" --host-env "$HOST_ENV" \
  "${PASS[@]}" --clients "$CLIENTS" --idle 0 --repeat 1
