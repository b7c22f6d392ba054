#!/usr/bin/env bash
# Builds the local control plane (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, kwok,
# helm) from Go modules at pinned versions into a cache folder; a second run builds nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.sh"
OUT=$KUBETALK_BIN_DIR
need=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok helm)

have_all() { for b in "${need[@]}"; do [ -x "$OUT/$b" ] || return 1; done; }
if have_all; then echo "control-plane binaries: cached in $OUT"; exit 0; fi
command -v go >/dev/null || { echo "error: Go is needed to build the control plane (or set KUBETALK_BIN_DIR to prebuilt binaries)" >&2; exit 1; }
mkdir -p "$OUT"
export CGO_ENABLED=0 GOFLAGS=${GOFLAGS:--mod=mod}
step() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
JSON() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(eval(process.argv[1]))})' "$1"; }

build_kubernetes() {
  [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/kube-controller-manager" ] && [ -x "$OUT/kube-scheduler" ] && [ -x "$OUT/kubectl" ] && return 0
  local staging="v0.${K8S_VERSION#v1.}" minor work
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  work=$(mktemp -d); trap 'rm -rf "$work"' RETURN
  step "kubernetes $K8S_VERSION: resolving modules (first time only; downloads ~1 GB)"
  ( cd "$work"
    go mod init local.kubetalk/k8s-bins >/dev/null 2>&1
    # k/k requires its staging modules at v0.0.0 with local replaces; pin each to its published tag instead.
    kmod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | JSON 'j.GoMod')
    go mod edit -json "$kmod" > k8s.json
    for m in $(node -e 'const j=require("./k8s.json");for(const r of j.Replace||[])if(r.New.Path.startsWith("./staging/"))console.log(r.Old.Path)'); do
      go mod edit -replace="$m=$m@$staging"
    done
    gd=$(node -e 'const j=require("./k8s.json");const g=(j.GoDebug||j.Godebug||[]).find(x=>x.Key==="default");if(g)console.log(g.Value)')
    [ -n "$gd" ] && go mod edit -godebug="default=$gd"
    cmds="k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl"
    for c in $cmds; do go get -tool "$c@$K8S_VERSION" >/dev/null 2>&1 || go get -tool "$c@$K8S_VERSION"; done
    ld="-s -w"; bd=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.gitCommit=module-build -X $p.buildDate=$bd"
    done
    step "kubernetes $K8S_VERSION: compiling 4 binaries (10-25 min cold on 2 cores)"
    go build -trimpath -ldflags "$ld" -o "$OUT/" $cmds )
}

build_etcd() {
  [ -x "$OUT/etcd" ] && return 0
  local work; work=$(mktemp -d); trap 'rm -rf "$work"' RETURN
  step "etcd $ETCD_VERSION: compiling"
  # Built as a dependency of a throwaway module: etcd's own go.mod has replaces that forbid `go install`.
  ( cd "$work" && go mod init local.kubetalk/etcd-bin >/dev/null 2>&1 \
    && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null \
    && go build -trimpath -ldflags "-s -w" -o "$OUT/etcd" go.etcd.io/etcd/server/v3 )
}

build_kwok() {
  [ -x "$OUT/kwok" ] && return 0
  step "kwok $KWOK_VERSION: compiling"
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
}

build_helm() {
  [ -x "$OUT/helm" ] && return 0
  local minor; minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  step "helm $HELM_VERSION: compiling"
  GOBIN="$OUT" go install -trimpath -ldflags "-s -w \
    -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION \
    -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$minor \
    -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$minor" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
}

start=$(date +%s)
build_etcd
build_kwok
build_helm
build_kubernetes
have_all || { echo "error: build finished but binaries are missing in $OUT" >&2; exit 1; }
"$OUT/kube-apiserver" --version
step "control-plane binaries ready in $OUT ($(( $(date +%s) - start ))s)"
