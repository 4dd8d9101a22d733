# shellcheck shell=bash
# The host's run-time environment, sourced (not run) by scripts/run.sh, scripts/cluster.sh and bench/run.sh, so that
# what is benchmarked is what runs. The host runs from $ZUMODRA_HOST_DIR, the Release output built by
# zumodra_host_build, whose appsettings.json is its configuration (JSON console logs, Information and above).
ZUMODRA_HOST_PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/Host"
ZUMODRA_HOST_DIR="$ZUMODRA_HOST_PROJECT/bin/Release/net10.0"

# Socket completions (PostgreSQL replies, requests) run on the I/O thread, not behind the live fan-out's socket
# writes in the thread pool; see "Configuration" in the README. A value set beforehand wins.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS="${DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS:-1}"

# The variables set above, for reports that say how the host ran.
ZUMODRA_HOST_ENV=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS)

zumodra_host_build() { dotnet build "$ZUMODRA_HOST_PROJECT" -c Release -nologo -v quiet; }
