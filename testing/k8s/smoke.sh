#!/usr/bin/env bash
# Smoke test of the test-bed binaries built by build.sh: starts one complete
# loopback control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kwok), creates one fake kwok Node and one Pod on it, checks
# that the Node becomes Ready and the Pod Running, prints RSS figures and tears
# everything down. This is the reference for the flags the Java launcher uses.
#
#   bash testing/k8s/smoke.sh [--k8s v1.34.4] [--keep] [--manage-all-nodes] [--hold SECONDS]
#     --keep              leave the work dir (certs, kubeconfig, logs) in /tmp
#     --manage-all-nodes  run kwok with --manage-all-nodes=true instead of the annotation selector
#     --hold N            wait N more seconds and re-check that the fake Node stays Ready
#                         (past KCM's 40 s --node-monitor-grace-period, i.e. leases work)
set -euo pipefail

CACHE=${PADDOCK_CACHE:-$HOME/.cache/paddock}/k8s
KV=
KEEP=0
MANAGE_ALL=0
HOLD=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --k8s) KV=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --manage-all-nodes) MANAGE_ALL=1; shift ;;
    --hold) HOLD=$2; shift 2 ;;
    *) echo "smoke.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ -f $CACHE/env ]] || { echo "smoke.sh: $CACHE/env missing; run testing/k8s/build.sh first" >&2; exit 1; }
# shellcheck disable=SC1091
. "$CACHE/env"
KV=${KV:-$PADDOCK_K8S_DEFAULT_VERSION}
K8S_BIN=$CACHE/$KV/bin
[[ -f $CACHE/$KV/stamp ]] || { echo "smoke.sh: kubernetes $KV not built" >&2; exit 1; }

D=$(mktemp -d /tmp/paddock-smoke.XXXXXX)
P=$D/pki
mkdir -p "$P" "$D/logs"
PIDS=()
cleanup() {
  local p
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do p=${PIDS[i]}; kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP == 1 ]]; then echo "work dir kept: $D"; else rm -rf "$D"; fi
}
trap cleanup EXIT

log() { printf '[smoke %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss() { awk '/^VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$1/status"; }
wait_url() {  # url timeout_s curl-args...
  local url=$1 t=$2 i; shift 2
  for ((i = 0; i < t * 10; i++)); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" 2>/dev/null) == 200 ]]; then return 0; fi
    sleep 0.1
  done
  echo "timeout waiting for $url" >&2; return 1
}

ETCD=$(free_port); PEER=$(free_port); API=$(free_port); KCM=$(free_port); SCHED=$(free_port); KWOK=$(free_port)

# ---- PKI (openssl; the Java launcher can do the same with BouncyCastle)
(
  cd "$P"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=paddock-test-ca" -keyout ca.key -out ca.crt
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.0.0.1\nextendedKeyUsage=serverAuth\n' > srv.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile srv.ext -out apiserver.crt
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=admin" -keyout admin.key -out admin.csr
  printf 'extendedKeyUsage=clientAuth\n' > cli.ext
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile cli.ext -out admin.crt
  # client cert the apiserver uses towards aggregated API servers (front proxy)
  openssl req -newkey rsa:2048 -nodes -subj "/CN=front-proxy-client" -keyout front-proxy-client.key -out front-proxy-client.csr
  openssl x509 -req -in front-proxy-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile cli.ext -out front-proxy-client.crt
  openssl genrsa -out sa.key 2048 && openssl rsa -in sa.key -pubout -out sa.pub
  echo 's3cr3t-token,token-admin,token-admin-uid,"system:masters"' > tokens.csv
) >"$D/logs/openssl.log" 2>&1

cat > "$D/admin.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: smoke
  cluster:
    server: https://127.0.0.1:$API
    certificate-authority: $P/ca.crt
users:
- name: admin
  user:
    client-certificate: $P/admin.crt
    client-key: $P/admin.key
contexts:
- name: smoke
  context: {cluster: smoke, user: admin}
current-context: smoke
EOF
KUBECTL=("$K8S_BIN/kubectl" --kubeconfig="$D/admin.kubeconfig")

T0=$(date +%s.%N)
secs() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.1f}s')" "$1" "$(date +%s.%N)"; }

# ---- etcd
"$PADDOCK_ETCD_BIN/etcd" --name=node0 --data-dir="$D/etcd" \
  --listen-client-urls=http://127.0.0.1:$ETCD --advertise-client-urls=http://127.0.0.1:$ETCD \
  --listen-peer-urls=http://127.0.0.1:$PEER --initial-advertise-peer-urls=http://127.0.0.1:$PEER \
  --initial-cluster=node0=http://127.0.0.1:$PEER \
  --auto-compaction-retention=1 --quota-backend-bytes=8589934592 \
  --unsafe-no-fsync=true --log-level=warn >"$D/logs/etcd.log" 2>&1 &
ETCD_PID=$!; PIDS+=("$ETCD_PID")
wait_url "http://127.0.0.1:$ETCD/readyz" 60
log "etcd ready after $(secs "$T0") (client :$ETCD)"

# ---- kube-apiserver
T1=$(date +%s.%N)
"$K8S_BIN/kube-apiserver" \
  --etcd-servers=http://127.0.0.1:$ETCD --etcd-prefix=/registry \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port=$API \
  --endpoint-reconciler-type=none \
  --service-cluster-ip-range=10.0.0.0/24 \
  --tls-cert-file=$P/apiserver.crt --tls-private-key-file=$P/apiserver.key \
  --client-ca-file=$P/ca.crt \
  --authorization-mode=Node,RBAC \
  --token-auth-file=$P/tokens.csv \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file=$P/sa.pub --service-account-signing-key-file=$P/sa.key \
  --proxy-client-cert-file=$P/front-proxy-client.crt --proxy-client-key-file=$P/front-proxy-client.key \
  --requestheader-client-ca-file=$P/ca.crt --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --allow-privileged=true --profiling=false >"$D/logs/kube-apiserver.log" 2>&1 &
API_PID=$!; PIDS+=("$API_PID")
wait_url "https://127.0.0.1:$API/readyz" 180 --cacert "$P/ca.crt"
log "kube-apiserver /readyz ok after $(secs "$T1") (:$API)"
"${KUBECTL[@]}" version
curl -s --cacert "$P/ca.crt" -H 'Authorization: Bearer s3cr3t-token' "https://127.0.0.1:$API/apis/authentication.k8s.io/v1/selfsubjectreviews" \
  -X POST -H 'Content-Type: application/json' -d '{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}' \
  | grep -q '"username": "token-admin"' && log "token-auth-file: bearer token authenticates as token-admin"
"${KUBECTL[@]}" get --raw /readyz >/dev/null
log "RSS after readiness: etcd $(rss $ETCD_PID), kube-apiserver $(rss $API_PID)"

# ---- kube-controller-manager
"$K8S_BIN/kube-controller-manager" --kubeconfig="$D/admin.kubeconfig" \
  --authentication-kubeconfig="$D/admin.kubeconfig" --authorization-kubeconfig="$D/admin.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=$KCM \
  --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics \
  --root-ca-file=$P/ca.crt --service-account-private-key-file=$P/sa.key \
  --use-service-account-credentials=true --leader-elect=false \
  --node-monitor-period=5s --node-monitor-grace-period=40s >"$D/logs/kube-controller-manager.log" 2>&1 &
KCM_PID=$!; PIDS+=("$KCM_PID")
# ---- kube-scheduler
"$K8S_BIN/kube-scheduler" --kubeconfig="$D/admin.kubeconfig" \
  --authentication-kubeconfig="$D/admin.kubeconfig" --authorization-kubeconfig="$D/admin.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port=$SCHED --leader-elect=false \
  --authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics >"$D/logs/kube-scheduler.log" 2>&1 &
SCHED_PID=$!; PIDS+=("$SCHED_PID")
wait_url "https://127.0.0.1:$KCM/healthz" 120 -k
log "kube-controller-manager /healthz ok (:$KCM)"
wait_url "https://127.0.0.1:$SCHED/healthz" 120 -k
log "kube-scheduler /healthz ok (:$SCHED)"

# ---- kwok (fake kubelet for Nodes annotated kwok.x-k8s.io/node=fake)
if [[ $MANAGE_ALL == 1 ]]; then
  KWOK_SELECT=(--manage-all-nodes=true)
else
  KWOK_SELECT=(--manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake)
fi
"$PADDOCK_KWOK_BIN/kwok" --kubeconfig="$D/admin.kubeconfig" \
  --config="$PADDOCK_KWOK_STAGES" "${KWOK_SELECT[@]}" \
  --node-lease-duration-seconds=40 \
  --node-ip=127.0.0.1 --node-name=localhost --node-port=$KWOK --server-address=127.0.0.1:$KWOK \
  --tls-cert-file=$P/apiserver.crt --tls-private-key-file=$P/apiserver.key >"$D/logs/kwok.log" 2>&1 &
KWOK_PID=$!; PIDS+=("$KWOK_PID")
sleep 3
kill -0 $KWOK_PID || { cat "$D/logs/kwok.log"; exit 1; }
[[ -z $("${KUBECTL[@]}" get nodes -o name) ]] && log "kwok running, no Nodes exist: kwok does not create Nodes itself"

"${KUBECTL[@]}" apply -f - <<'EOF'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
spec:
  taints:
  - key: kwok.x-k8s.io/node
    value: fake
    effect: NoSchedule
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
---
apiVersion: v1
kind: Node
metadata:
  name: plain-node-0
  labels: {type: plain}
EOF
"${KUBECTL[@]}" wait --for=condition=Ready node/kwok-node-0 --timeout=60s
log "kwok-node-0 Ready"
"${KUBECTL[@]}" wait --for=create serviceaccount/default --timeout=60s >/dev/null
"${KUBECTL[@]}" apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: fake-pod
spec:
  nodeSelector: {type: kwok}
  tolerations:
  - {key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}
  containers:
  - {name: c, image: registry.invalid/fake:1}
EOF
"${KUBECTL[@]}" wait --for=jsonpath='{.status.phase}'=Running pod/fake-pod --timeout=60s
log "fake-pod scheduled to kwok-node-0 and Running"
"${KUBECTL[@]}" get nodes -o wide
"${KUBECTL[@]}" get pods -o wide
plain=$("${KUBECTL[@]}" get node plain-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')
if [[ $MANAGE_ALL == 1 ]]; then
  log "plain-node-0 (no annotation) Ready condition: '${plain:-<none>}' (--manage-all-nodes: managed too)"
else
  log "plain-node-0 (no annotation) Ready condition: '${plain:-<none>}' (not managed by kwok)"
fi
"${KUBECTL[@]}" get lease -n kube-node-lease kwok-node-0 >/dev/null && log "kwok renews Lease kube-node-lease/kwok-node-0"

if [[ $HOLD -gt 0 ]]; then
  log "holding ${HOLD}s ..."
  sleep "$HOLD"
  ready=$("${KUBECTL[@]}" get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')
  [[ $ready == True ]] || { echo "kwok-node-0 no longer Ready after ${HOLD}s: $ready" >&2; "${KUBECTL[@]}" get node -o wide; exit 1; }
  log "kwok-node-0 still Ready after ${HOLD}s; pod phase $("${KUBECTL[@]}" get pod fake-pod -o jsonpath='{.status.phase}')"
fi
log "RSS: etcd $(rss $ETCD_PID), kube-apiserver $(rss $API_PID), kube-controller-manager $(rss $KCM_PID), kube-scheduler $(rss $SCHED_PID), kwok $(rss $KWOK_PID)"
log "smoke test passed in $(secs "$T0")"
