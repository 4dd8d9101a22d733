#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: the browser tests drive /usr/bin/chromium through Playwright
# (Playwright's own browser download cannot run here).
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: installing Chromium from Debian packages" >&2
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >&2
fi
