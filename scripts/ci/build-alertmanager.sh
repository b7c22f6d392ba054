#!/usr/bin/env bash
# Builds the real Alertmanager the alert e2e tests drive, once, from its Go module at a pinned version into the
# cache (beside the control-plane binaries). A second run builds nothing; prints the binary's path.
set -euo pipefail
ALERTMANAGER_VERSION=${ALERTMANAGER_VERSION:-v0.28.1}
cache=${KUBETALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetalk}
out="$cache/bin/alertmanager-$ALERTMANAGER_VERSION"
if [ ! -x "$out/alertmanager" ]; then
  [ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null || { echo "error: Go is needed to build Alertmanager" >&2; exit 1; }
  echo "alertmanager $ALERTMANAGER_VERSION: compiling into $out" >&2
  mkdir -p "$out.partial"
  CGO_ENABLED=0 GOFLAGS=-mod=mod GOBIN="$out.partial" go install -trimpath -ldflags "-s -w" \
    "github.com/prometheus/alertmanager/cmd/alertmanager@$ALERTMANAGER_VERSION"
  rm -rf "$out" && mv "$out.partial" "$out"
fi
echo "$out/alertmanager"
