#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint, built once from its Go module at a pinned version into the cache
# (the release workflow cannot run here, so this is the check it gets). A second run builds nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ACTIONLINT_VERSION=${ACTIONLINT_VERSION:-v1.7.12}
cache=${KUBETALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetalk}
out="$cache/bin/actionlint-$ACTIONLINT_VERSION"
if [ ! -x "$out/actionlint" ]; then
  [ -d /usr/local/go/bin ] && export PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null || { echo "error: Go is needed to build actionlint" >&2; exit 1; }
  echo "actionlint $ACTIONLINT_VERSION: compiling into $out" >&2
  mkdir -p "$out"
  CGO_ENABLED=0 GOBIN="$out" go install -trimpath -ldflags "-s -w" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
cd "$root"
"$out/actionlint" -no-color "$@"
echo "actionlint $ACTIONLINT_VERSION: $(ls .github/workflows/*.yml | wc -l) workflow file(s) clean"
