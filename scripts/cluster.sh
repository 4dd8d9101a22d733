#!/usr/bin/env bash
# Runs Zumodra as a cluster on this machine: PostgreSQL and Redis (installed and started if needed), two nodes
# (ports 5081 and 5082) and the load balancer in front of them at http://localhost:5080. Seeds the demo data once.
# Ctrl+C stops the nodes and the balancer; node logs go to ${XDG_STATE_HOME:-~/.local/state}/zumodra/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."

URL="${ZUMODRA_URL:-http://localhost:5080}"
NODES=("http://127.0.0.1:5081" "http://127.0.0.1:5082")
LOGS="${XDG_STATE_HOME:-$HOME/.local/state}/zumodra/cluster"
mkdir -p "$LOGS"

if [ -z "${ConnectionStrings__Zumodra:-}" ]; then
  ConnectionStrings__Zumodra="$(bash scripts/postgres.sh | tail -n 1)"
fi
bash scripts/fonts.sh
if [ -z "${ConnectionStrings__Redis:-}" ]; then
  ConnectionStrings__Redis="$(bash scripts/redis.sh | tail -n 1)"
fi
# Every node reads the same settings: the same database, the same Redis (which makes them a cluster), the balancer
# trusted for X-Forwarded-For.
export ConnectionStrings__Zumodra ConnectionStrings__Redis
export Zumodra__TrustedProxies__0=127.0.0.1
source scripts/host-env.sh

zumodra_host_build
dotnet build src/Balancer -c Release -nologo -v quiet
HOST_DIR="$ZUMODRA_HOST_DIR"
BALANCER_DIR="$PWD/src/Balancer/bin/Release/net10.0"

(cd "$HOST_DIR" && dotnet Zumodra.Host.dll seed)

pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
for i in "${!NODES[@]}"; do
  (cd "$HOST_DIR" && exec dotnet Zumodra.Host.dll --urls "${NODES[$i]}") > "$LOGS/node$((i + 1)).log" 2>&1 &
  pids+=($!)
done
for i in "${!NODES[@]}"; do
  for _ in $(seq 1 240); do curl -fs "${NODES[$i]}/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "${NODES[$i]}/health" >/dev/null || { echo "node $((i + 1)) did not start; see $LOGS/node$((i + 1)).log" >&2; exit 1; }
done

balancer_env=()
for i in "${!NODES[@]}"; do balancer_env+=("Zumodra__Nodes__$i=${NODES[$i]}"); done
(cd "$BALANCER_DIR" && exec env "${balancer_env[@]}" dotnet Zumodra.Balancer.dll --urls "$URL") > "$LOGS/balancer.log" 2>&1 &
pids+=($!)

echo
echo "Zumodra is serving from ${#NODES[@]} nodes (${NODES[*]}) behind $URL"
echo "Node logs: $LOGS"
echo
wait -n "${pids[@]}"
