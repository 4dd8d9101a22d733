#!/usr/bin/env bash
# Writes Wolverine's adapters for every message handler and HTTP endpoint into src/Host/Internal/Generated, which the
# host compiles in and loads outside Development instead of generating them at run time
# (src/Host/Infrastructure/GeneratedCode.cs). Run it after adding or changing a handler, an endpoint's signature or a
# Wolverine policy, and commit the result.
#
#   bash scripts/codegen.sh           regenerate (builds the host without the old files first: stale ones may not compile)
#   bash scripts/codegen.sh --check   from the current Debug build, fail if the checked-in files differ (scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

GENERATED=src/Host/Internal/Generated
HOST_DIR=src/Host/bin/Debug/net10.0

# `codegen write` puts Internal/Generated under the content root: the host's build output, run as the tests run it.
write_into_build_output() {
  rm -rf "$HOST_DIR/Internal/Generated"
  (cd "$HOST_DIR" && dotnet Zumodra.Host.dll codegen write >/dev/null)
}

case "${1:-}" in
  --check)
    write_into_build_output
    if ! diff -r "$GENERATED" "$HOST_DIR/Internal/Generated" >&2; then
      echo "codegen: $GENERATED is stale (diff above: checked in, then as generated now). Regenerate it with 'bash scripts/codegen.sh' and commit it." >&2
      exit 1
    fi
    ;;
  "")
    rm -rf "$GENERATED"
    dotnet build src/Host -c Debug -nologo -v quiet
    write_into_build_output
    mkdir -p "$(dirname "$GENERATED")"
    cp -r "$HOST_DIR/Internal/Generated" "$GENERATED"
    echo "codegen: wrote $(find "$GENERATED" -name '*.cs' | wc -l) files to $GENERATED; the next build compiles them in."
    ;;
  *) echo "usage: scripts/codegen.sh [--check]" >&2; exit 2 ;;
esac
