#!/usr/bin/env bash
# Renders the app icon (resources/icon.svg) to the PNGs in resources/icons/ (committed; a dev-time step
# after editing the SVG). Needs Debian's librsvg2-bin (rsvg-convert).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert missing: apt-get install librsvg2-bin" >&2; exit 1; }
mkdir -p resources/icons
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" resources/icon.svg --output "resources/icons/${size}x${size}.png"
done
ls -l resources/icons
