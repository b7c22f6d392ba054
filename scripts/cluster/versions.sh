# Pinned versions of the local control plane; sourced by the build and run scripts.
# Kubernetes 1.36 is in upstream support until mid-2027; etcd 3.6 is what it vendors.
K8S_VERSION=${K8S_VERSION:-v1.36.3}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
KWOK_VERSION=${KWOK_VERSION:-v0.7.0}
HELM_VERSION=${HELM_VERSION:-v3.19.5}
KUBETALK_CACHE=${KUBETALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubetalk}
# One folder per version set, so bumping a pin never reuses a stale binary.
KUBETALK_BIN_DIR=${KUBETALK_BIN_DIR:-$KUBETALK_CACHE/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION}
