#!/usr/bin/env bash
# Installs Debian's DejaVu fonts when missing: the PDF exports draw with DejaVu Sans (src/Web/Exports/ExportFonts.cs),
# read from /usr/share/fonts/truetype/dejavu, never downloaded at run time.
set -euo pipefail
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
  echo "fonts.sh: installing fonts-dejavu-core from Debian packages" >&2
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-dejavu-core >&2
fi
