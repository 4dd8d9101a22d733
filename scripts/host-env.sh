# shellcheck shell=bash
# The host's run-time environment, sourced (not run) by scripts/run.sh, scripts/cluster.sh and bench/run.sh, so that
# what is benchmarked is what runs. The host runs from $ZUMODRA_HOST_DIR, the Release output built by
# zumodra_host_build, whose appsettings.json is its configuration (console logs one line per entry, Information and above).
ZUMODRA_HOST_PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Host"
ZUMODRA_HOST_DIR="$ZUMODRA_HOST_PROJECT/bin/Release/net10.0"

# No DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS: running socket completions on the epoll thread stalled every
# socket of a node for up to 30 s whenever anything blocked that thread (Wolverine's leader election, for one, pings
# its advisory-lock connection synchronously), and the same-run benchmark found it slower (bench/RESULTS.md, "Inline completions").

zumodra_host_build() { dotnet build "$ZUMODRA_HOST_PROJECT" -c Release -nologo -v quiet; }
