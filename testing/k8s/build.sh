#!/usr/bin/env bash
# Build the Kubernetes test-bed binaries (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, etcd, kwok, metrics-server, helm) from upstream Go modules into a cache
# OUTSIDE the checkout. Idempotent: products that are already built with the
# right version are skipped ("up to date").
#
#   bash testing/k8s/build.sh                   # default set: k8s v1.34.4 + etcd + kwok + metrics-server + helm
#   bash testing/k8s/build.sh --all             # default set + k8s v1.35.4 (upgrade tests)
#   bash testing/k8s/build.sh --k8s v1.35.4     # only that Kubernetes release (+ etcd + kwok + metrics-server + helm)
#   bash testing/k8s/build.sh --force           # rebuild even if up to date
#
# Layout (CACHE = ${PADDOCK_CACHE:-$HOME/.cache/paddock}/k8s):
#   $CACHE/v1.34.4/bin/{kube-apiserver,kube-controller-manager,kube-scheduler,kubectl}
#   $CACHE/etcd/v3.6.16/bin/etcd   $CACHE/etcdctl/v3.6.16/bin/etcdctl   $CACHE/etcdutl/v3.6.16/bin/etcdutl
#   $CACHE/kwok/v0.8.0/bin/kwok   $CACHE/kwok/v0.8.0/stages/*.yaml   $CACHE/kwok/v0.8.0/metrics/*.yaml
#   $CACHE/metrics-server/v0.9.0/bin/metrics-server
#   $CACHE/helm/v3.22.0/bin/helm
#   $CACHE/env                    KEY=VALUE file listing the directories (see README.md)
# Every product directory holds a `stamp` file; a directory without one is never
# used. Builds go to a temp directory that is renamed into place only after the
# binaries passed their version check, so an interrupted build leaves nothing
# that looks finished.
#
# Go caches (GOMODCACHE, GOCACHE) are the user's defaults; keep them between runs.
# The first run compiles Kubernetes from source: ~12 min in all on 2 cores (measured), longer on slow disks/CPUs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEFAULT_K8S=v1.34.4
ALL_K8S=(v1.34.4 v1.35.4)

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

K8S_VERSIONS=()
FORCE=0
ALL=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --k8s) K8S_VERSIONS+=("${2:?--k8s needs a version, e.g. v1.34.4}"); shift 2 ;;
    --k8s=*) K8S_VERSIONS+=("${1#--k8s=}"); shift ;;
    --all) ALL=1; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ ${#K8S_VERSIONS[@]} -gt 0 ]] || K8S_VERSIONS=("$DEFAULT_K8S")
if [[ $ALL == 1 ]]; then
  for v in "${ALL_K8S[@]}"; do [[ " ${K8S_VERSIONS[*]} " == *" $v "* ]] || K8S_VERSIONS+=("$v"); done
fi

command -v go >/dev/null || { echo "build.sh: 'go' not found in PATH (need go1.26.x)" >&2; exit 1; }

export GOTOOLCHAIN=local           # never download another toolchain
export CGO_ENABLED=0               # static binaries, as upstream builds the control plane
export GOFLAGS="-buildvcs=false -modcacherw"
export GOWORK=off                  # ignore any go.work above the wrapper modules
GO_TAGS=selinux,notest             # same tags as upstream hack/lib/golang.sh

CACHE_ROOT=${PADDOCK_CACHE:-$HOME/.cache/paddock}
CACHE=$CACHE_ROOT/k8s
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

# One build at a time per cache (a second invocation waits, then finds things up to date).
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  echo "build.sh: another build is running on $CACHE; waiting for it ..."
  flock 9
fi

TICKER_PID=
CHILD_PID=
MY_TMPS=()
cleanup() {
  [[ -n $TICKER_PID ]] && kill "$TICKER_PID" 2>/dev/null || true
  # the child runs in its own process group: stop go and its compile/link processes
  [[ -n $CHILD_PID ]] && kill -TERM -- "-$CHILD_PID" 2>/dev/null && wait "$CHILD_PID" 2>/dev/null || true
  local t; for t in "${MY_TMPS[@]}"; do rm -rf "$t"; done
}
trap cleanup EXIT
trap 'echo "build.sh: interrupted" >&2; exit 130' INT TERM
rm -rf "$CACHE"/.tmp-* 2>/dev/null || true   # leftovers of a killed run

log() { printf '[paddock-k8s %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fmt_secs() { local s=$1; printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Print a heartbeat every 60 s while a long go command runs.
start_ticker() {
  local what=$1 t0=$SECONDS
  # sleep must not keep the lock (fd 9) or the caller's output pipe open after we exit
  ( n=0; while sleep 5 9>&- >/dev/null 2>&1; do
      n=$((n + 1)); ((n % 12 == 0)) && log "  ... still $what ($(fmt_secs $((SECONDS - t0))) elapsed)"
    done ) &
  TICKER_PID=$!
}
# run_in DIR CMD...: run CMD in DIR in its own process group (setsid) as a background
# child and wait for it, so a signal to this script is handled at once and the whole
# go build (compile/link children included) is killed with us. Temp files of go
# builds go to GOTMPDIR inside our temp dir, so an interrupted build leaks nothing.
run_in() {
  local dir=$1 rc=0; shift
  (cd "$dir" && exec setsid "$@") &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=
  return "$rc"
}
stop_ticker() { [[ -n $TICKER_PID ]] && kill "$TICKER_PID" 2>/dev/null; wait "$TICKER_PID" 2>/dev/null || true; TICKER_PID=; }

# Hash of everything that defines a build: wrapper go.mod/go.sum + flags.
inputs_hash() {  # $1 = wrapper dir, rest = extra strings
  local dir=$1; shift
  { cat "$dir/go.mod" "$dir/go.sum"; printf '%s\n' "$@" "$GO_TAGS" "$GOFLAGS"; } | sha256sum | cut -c1-16
}

# Version pinned by a wrapper go.mod for module $2 (plain text parse, no network).
pinned_version() {  # $1 = go.mod, $2 = module path
  awk -v m="$2" '($1 == m && $2 ~ /^v/) {print $2; exit} ($1 == "require" && $2 == m) {print $3; exit}' "$1"
}

# up_to_date DIR HASH CHECK_CMD...  -> 0 if DIR/stamp matches HASH and CHECK_CMD succeeds
up_to_date() {
  local dir=$1 hash=$2; shift 2
  [[ $FORCE == 0 && -f $dir/stamp ]] || return 1
  grep -qx "inputs=$hash" "$dir/stamp" || return 1
  "$@" >/dev/null 2>&1
}

# install_dir TMP FINAL: move the finished build TMP (stamp included) into place.
# New product: one rename of the whole directory. Rebuild of an existing one (only
# --force or changed wrapper inputs; the version is part of the path): rename every
# file over its old copy (rename(2) is atomic, running processes keep the old inode),
# stamp last, so a test that is launching these binaries right now never finds a
# path missing or a half-written file.
install_dir() {
  local tmp=$1 final=$2 f rel
  rm -rf "$tmp/gotmp"
  mkdir -p "$(dirname "$final")"
  if [[ ! -e $final ]]; then
    mv "$tmp" "$final"
    return
  fi
  # drop files the new build no longer has
  while IFS= read -r -d '' f; do
    rel=${f#"$final"/}
    [[ -e $tmp/$rel ]] || rm -f "$f"
  done < <(find "$final" -type f -print0)
  while IFS= read -r -d '' f; do
    rel=${f#"$tmp"/}
    [[ $rel == stamp ]] && continue
    mkdir -p "$(dirname "$final/$rel")"
    mv -f "$f" "$final/$rel"
  done < <(find "$tmp" -type f -print0)
  mv -f "$tmp/stamp" "$final/stamp"
  rm -rf "$tmp"
}

mod_download() {  # $1 = wrapper dir, $2 = label
  local t0=$SECONDS
  log "downloading Go modules for $2 (network only on first run) ..."
  run_in "$1" go mod download
  log "modules for $2 ready in $(fmt_secs $((SECONDS - t0)))"
}

SUMMARY=()

# ---------------------------------------------------------------- Kubernetes
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubectl)

k8s_check() {  # $1 = bin dir, $2 = version
  local b=$1 v=$2 c
  for c in kube-apiserver kube-controller-manager kube-scheduler; do
    [[ -x $b/$c ]] || return 1
    [[ $("$b/$c" --version 2>/dev/null) == "Kubernetes $v" ]] || return 1
  done
  [[ -x $b/kubectl ]] || return 1
  # capture first: `cmd | grep -q` under pipefail fails at random (SIGPIPE)
  local out; out=$("$b/kubectl" version --client 2>/dev/null) || return 1
  grep -qx "Client Version: $v" <<<"$out"
}

build_k8s() {
  local kv=$1
  [[ $kv =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { echo "build.sh: bad Kubernetes version '$kv'" >&2; exit 2; }
  local minor=${BASH_REMATCH[1]} wrapper="$HERE/kubernetes/v1.${BASH_REMATCH[1]}"
  [[ -f $wrapper/go.mod ]] || { echo "build.sh: no wrapper module $wrapper; run: bash testing/k8s/gen-k8s-wrapper.sh $kv" >&2; exit 1; }
  local pinned; pinned=$(pinned_version "$wrapper/go.mod" k8s.io/kubernetes)
  [[ $pinned == "$kv" ]] || { echo "build.sh: $wrapper pins k8s.io/kubernetes $pinned, not $kv; run: bash testing/k8s/gen-k8s-wrapper.sh $kv" >&2; exit 1; }

  local final="$CACHE/$kv" hash; hash=$(inputs_hash "$wrapper" "$kv")
  if up_to_date "$final" "$hash" k8s_check "$final/bin" "$kv"; then
    log "kubernetes $kv: up to date ($final/bin)"
    SUMMARY+=("kubernetes $kv: up to date")
    return
  fi
  local t0=$SECONDS
  mod_download "$wrapper" "kubernetes $kv"

  local bd; bd=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local ldf="-s -w" p
  # same pair of packages upstream stamps (hack/lib/version.sh)
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldf+=" -X $p.gitVersion=$kv -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=$bd"
  done
  local tmp; tmp=$(mktemp -d "$CACHE/.tmp-$kv.XXXXXX")
  MY_TMPS+=("$tmp"); chmod 0755 "$tmp"
  mkdir -p "$tmp/bin" "$tmp/gotmp"
  log "building ${K8S_CMDS[*]} $kv ... (this takes 8-30 min on first run, ~20 s when the Go build cache is warm)"
  local tb=$SECONDS
  start_ticker "building kubernetes $kv"
  run_in "$wrapper" env GOTMPDIR="$tmp/gotmp" go build -trimpath -tags="$GO_TAGS" -ldflags "$ldf" -o "$tmp/bin/" \
     "${K8S_CMDS[@]/#/k8s.io/kubernetes/cmd/}"
  stop_ticker
  k8s_check "$tmp/bin" "$kv" || { echo "build.sh: built kubernetes binaries do not report $kv" >&2; "$tmp/bin/kube-apiserver" --version >&2 || true; exit 1; }
  {
    echo "product=kubernetes"
    echo "version=$kv"
    echo "inputs=$hash"
    echo "go=$(go env GOVERSION)"
    echo "built=$bd"
  } > "$tmp/stamp"
  install_dir "$tmp" "$final"
  log "kubernetes $kv: built in $(fmt_secs $((SECONDS - tb))) (total incl. download $(fmt_secs $((SECONDS - t0)))) -> $final/bin"
  SUMMARY+=("kubernetes $kv: built in $(fmt_secs $((SECONDS - t0)))")
}

# ---------------------------------------------------------------- single-binary products
# Builds one Go binary from its wrapper module testing/k8s/<product> into
# $CACHE/<product>/<version>/bin, unless that is up to date.
#   $1 product (wrapper folder, cache folder, log name)  $2 module whose pinned version is the product's
#   $3 package to build   $4 binary name   $5 -ldflags   $6 arguments that make the binary print its version
#   $7 the exact line it must print   $8 name of the variable that receives the version
#   $9 wrapper folder under testing/k8s when it is not $1 (one module building several products)
# In $5 and $7, {v} stands for the version and {n} for it without the leading "v".
build_go_binary() {
  local product=$1 module=$2 package=$3 binary=$4 wrapper="$HERE/${9:-$1}"
  local version; version=$(pinned_version "$wrapper/go.mod" "$module")
  [[ -n $version ]] || { echo "build.sh: cannot read $product version from $wrapper/go.mod" >&2; exit 1; }
  printf -v "$8" '%s' "$version"
  local ldf=${5//\{v\}/$version}; ldf=${ldf//\{n\}/${version#v}}
  local expected=${7//\{v\}/$version}; expected=${expected//\{n\}/${version#v}}
  local version_args; read -r -a version_args <<<"$6"
  local final="$CACHE/$product/$version" hash; hash=$(inputs_hash "$wrapper" "$version" "$ldf")
  binary_check() {
    local out; [[ -x $1/$binary ]] && out=$(HELM_CONFIG_HOME=/nonexistent "$1/$binary" "${version_args[@]}" 2>/dev/null) &&
      grep -qx "$expected" <<<"$out"
  }
  if up_to_date "$final" "$hash" binary_check "$final/bin"; then
    log "$product $version: up to date ($final/bin)"
    SUMMARY+=("$product $version: up to date")
    return
  fi
  local t0=$SECONDS
  mod_download "$wrapper" "$product $version"
  local tmp; tmp=$(mktemp -d "$CACHE/.tmp-$product.XXXXXX")
  MY_TMPS+=("$tmp"); chmod 0755 "$tmp"
  mkdir -p "$tmp/bin" "$tmp/gotmp"
  log "building $product $version ... (1-5 min on first run)"
  local tb=$SECONDS
  start_ticker "building $product"
  run_in "$wrapper" env GOTMPDIR="$tmp/gotmp" go build -trimpath -ldflags "$ldf" -o "$tmp/bin/$binary" "$package"
  stop_ticker
  binary_check "$tmp/bin" || { echo "build.sh: built $product does not report $version" >&2; "$tmp/bin/$binary" "${version_args[@]}" >&2 || true; exit 1; }
  printf 'product=%s\nversion=%s\ninputs=%s\ngo=%s\nbuilt=%s\n' "$product" "$version" "$hash" "$(go env GOVERSION)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$tmp/stamp"
  install_dir "$tmp" "$final"
  log "$product $version: built in $(fmt_secs $((SECONDS - tb))) -> $final/bin"
  SUMMARY+=("$product $version: built in $(fmt_secs $((SECONDS - t0)))")
}

ETCD_VERSION=
build_etcd() {
  build_go_binary etcd go.etcd.io/etcd/server/v3 go.etcd.io/etcd/server/v3 etcd "-s -w" "--version" "etcd Version: {n}" ETCD_VERSION
}

# etcdctl saves snapshots of a running etcd, etcdutl restores them (the local cluster provider's backups)
ETCDCTL_VERSION=
ETCDUTL_VERSION=
build_etcd_tools() {
  build_go_binary etcdctl go.etcd.io/etcd/etcdctl/v3 go.etcd.io/etcd/etcdctl/v3 etcdctl "-s -w" "version" "etcdctl version: {n}" \
    ETCDCTL_VERSION etcd-tools
  build_go_binary etcdutl go.etcd.io/etcd/etcdutl/v3 go.etcd.io/etcd/etcdutl/v3 etcdutl "-s -w" "version" "etcdutl version: {n}" \
    ETCDUTL_VERSION etcd-tools
}

# ---------------------------------------------------------------- kwok
KWOK_VERSION=
# Stage files kwokctl uses by default (kustomize/stage/fast = node/fast +
# node/heartbeat-with-lease + pod/fast); standalone kwok needs them via --config.
KWOK_STAGE_DIRS=(node/fast node/heartbeat-with-lease pod/fast)
# kwok's Metric configuration emulating the kubelet's /metrics/resource (what metrics-server
# scrapes), served per node at /metrics/nodes/<node>/metrics/resource; used by clusters with metrics.
KWOK_METRICS_FILES=(metrics/resource/metrics-resource.yaml)
build_kwok() {
  local wrapper="$HERE/kwok"
  KWOK_VERSION=$(pinned_version "$wrapper/go.mod" sigs.k8s.io/kwok)
  [[ -n $KWOK_VERSION ]] || { echo "build.sh: cannot read kwok version from $wrapper/go.mod" >&2; exit 1; }
  local final="$CACHE/kwok/$KWOK_VERSION" hash; hash=$(inputs_hash "$wrapper" "$KWOK_VERSION" "${KWOK_STAGE_DIRS[@]}" "${KWOK_METRICS_FILES[@]}")
  kwok_check() {
    local out; [[ -x $1/bin/kwok && -s $1/stages/kwok-stages.yaml && -s $1/metrics/metrics-resource.yaml ]] &&
      out=$("$1/bin/kwok" --version 2>/dev/null) &&
      grep -q "^kwok version $KWOK_VERSION " <<<"$out"
  }
  if up_to_date "$final" "$hash" kwok_check "$final"; then
    log "kwok $KWOK_VERSION: up to date ($final/bin)"
    SUMMARY+=("kwok $KWOK_VERSION: up to date")
    return
  fi
  local t0=$SECONDS
  mod_download "$wrapper" "kwok $KWOK_VERSION"
  local tmp; tmp=$(mktemp -d "$CACHE/.tmp-kwok.XXXXXX")
  MY_TMPS+=("$tmp"); chmod 0755 "$tmp"
  mkdir -p "$tmp/bin" "$tmp/stages" "$tmp/metrics" "$tmp/gotmp"
  log "building kwok $KWOK_VERSION ... (2-5 min on first run)"
  local tb=$SECONDS
  start_ticker "building kwok"
  run_in "$wrapper" env GOTMPDIR="$tmp/gotmp" go build -trimpath -ldflags "-s -w" -o "$tmp/bin/kwok" sigs.k8s.io/kwok/cmd/kwok
  stop_ticker
  # stage YAMLs from the module zip (read-only module cache)
  local moddir d f; moddir=$(cd "$wrapper" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  for d in "${KWOK_STAGE_DIRS[@]}"; do
    for f in "$moddir/kustomize/stage/$d"/*.yaml; do
      [[ $(basename "$f") == kustomization.yaml ]] && continue
      install -m 0644 "$f" "$tmp/stages/"
    done
  done
  # the same stages as one multi-document file, so a launcher needs a single --config
  for f in "$tmp/stages"/*.yaml; do
    [[ $(basename "$f") == kwok-stages.yaml ]] && continue
    echo "---"; sed '/^---[[:space:]]*$/d' "$f"
  done > "$tmp/stages/kwok-stages.yaml.part"
  mv "$tmp/stages/kwok-stages.yaml.part" "$tmp/stages/kwok-stages.yaml"
  for f in "${KWOK_METRICS_FILES[@]}"; do install -m 0644 "$moddir/kustomize/$f" "$tmp/metrics/"; done
  kwok_check "$tmp" || { echo "build.sh: built kwok does not report $KWOK_VERSION" >&2; "$tmp/bin/kwok" --version >&2 || true; exit 1; }
  printf 'product=kwok\nversion=%s\ninputs=%s\ngo=%s\nbuilt=%s\n' "$KWOK_VERSION" "$hash" "$(go env GOVERSION)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$tmp/stamp"
  install_dir "$tmp" "$final"
  log "kwok $KWOK_VERSION: built in $(fmt_secs $((SECONDS - tb))) -> $final/bin (+ stages/, metrics/)"
  SUMMARY+=("kwok $KWOK_VERSION: built in $(fmt_secs $((SECONDS - t0)))")
}

MS_VERSION=
build_metrics_server() {
  # upstream's Makefile stamps client-go's version package; without it --version says v0.0.0-master
  build_go_binary metrics-server sigs.k8s.io/metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server metrics-server \
    "-s -w -X k8s.io/client-go/pkg/version.gitVersion={v} -X k8s.io/client-go/pkg/version.gitTreeState=clean" \
    "--version" "{v}" MS_VERSION
}

HELM_VERSION=
build_helm() {
  # the Kubernetes version helm assumes for capabilities and lint: client-go v0.X.Y -> 1.X,
  # as upstream's Makefile derives it
  local cgo; cgo=$(pinned_version "$HERE/helm/go.mod" k8s.io/client-go)
  [[ $cgo =~ ^v0\.([0-9]+)\. ]] || { echo "build.sh: cannot read k8s.io/client-go version from $HERE/helm/go.mod" >&2; exit 1; }
  local kminor=${BASH_REMATCH[1]}
  # upstream's Makefile stamps internal/version; unstamped, `helm version --short` says only v3.22
  local ldf="-s -w -X helm.sh/helm/v3/internal/version.version={v} -X helm.sh/helm/v3/internal/version.metadata="
  ldf+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  local p; for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldf+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$kminor"
  done
  build_go_binary helm helm.sh/helm/v3 helm.sh/helm/v3/cmd/helm helm "$ldf" "version --short" "{v}" HELM_VERSION
}

# ---------------------------------------------------------------- main
T_ALL=$SECONDS
log "cache: $CACHE ($(go env GOVERSION), GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"
# cheap products first, so etcd+kwok are usable even if the long k8s build is interrupted
build_etcd
build_etcd_tools
build_kwok
build_metrics_server
build_helm
for kv in "${K8S_VERSIONS[@]}"; do build_k8s "$kv"; done

# env file: KEY=VALUE lines (java.util.Properties and POSIX sh compatible as long
# as the cache path has no spaces). Lists every complete (stamped) k8s version.
k8s_key() { echo "PADDOCK_K8S_BIN_$(echo "${1#v}" | tr . _)"; }
{
  echo "# Written by testing/k8s/build.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); do not edit."
  echo "PADDOCK_K8S_CACHE=$CACHE"
  echo "PADDOCK_K8S_DEFAULT_VERSION=$DEFAULT_K8S"
  [[ -f $CACHE/$DEFAULT_K8S/stamp ]] && echo "PADDOCK_K8S_BIN=$CACHE/$DEFAULT_K8S/bin"
  avail=()
  for s in "$CACHE"/v*/stamp; do
    [[ -f $s ]] || continue
    v=$(basename "$(dirname "$s")"); avail+=("$v")
    echo "$(k8s_key "$v")=$CACHE/$v/bin"
  done
  echo "PADDOCK_K8S_VERSIONS=$(IFS=,; echo "${avail[*]}")"   # comma-separated, no spaces
  echo "PADDOCK_ETCD_VERSION=$ETCD_VERSION"
  echo "PADDOCK_ETCD_BIN=$CACHE/etcd/$ETCD_VERSION/bin"
  echo "PADDOCK_ETCDCTL_BIN=$CACHE/etcdctl/$ETCDCTL_VERSION/bin"
  echo "PADDOCK_ETCDUTL_BIN=$CACHE/etcdutl/$ETCDUTL_VERSION/bin"
  echo "PADDOCK_KWOK_VERSION=$KWOK_VERSION"
  echo "PADDOCK_KWOK_BIN=$CACHE/kwok/$KWOK_VERSION/bin"
  echo "PADDOCK_KWOK_STAGES=$CACHE/kwok/$KWOK_VERSION/stages/kwok-stages.yaml"
  echo "PADDOCK_KWOK_METRICS=$CACHE/kwok/$KWOK_VERSION/metrics/metrics-resource.yaml"
  echo "PADDOCK_METRICS_SERVER_VERSION=$MS_VERSION"
  echo "PADDOCK_METRICS_SERVER_BIN=$CACHE/metrics-server/$MS_VERSION/bin"
  echo "PADDOCK_HELM_VERSION=$HELM_VERSION"
  echo "PADDOCK_HELM_BIN=$CACHE/helm/$HELM_VERSION/bin"
} > "$CACHE/env.part"
mv "$CACHE/env.part" "$CACHE/env"

log "done in $(fmt_secs $((SECONDS - T_ALL))):"
for s in "${SUMMARY[@]}"; do log "  $s"; done
grep -v '^#' "$CACHE/env"
echo "PADDOCK_K8S_ENV=$CACHE/env"
