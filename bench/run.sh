#!/usr/bin/env bash
# Paddock benchmarks (each builds what it needs first):
#
#   bench/run.sh testbed-start [clusters] [nodes] [version]
#       start-to-ready time and resident memory of local test-bed clusters running side by side
#   bench/run.sh api-list [items] [rounds]
#       REST list latency with many items (10,000 projects), against GET /v1/version as baseline
#   bench/run.sh proxy [rounds] [import|agent]
#       Kubernetes requests through Paddock's proxy (with agent: and through the cluster's agent tunnel)
#       against the same requests straight to the API server
#   bench/run.sh cluster-heap [clusters] [nodes]
#       live heap of a running Paddock before and after each cluster it imports
#   bench/run.sh local-cluster [rounds] [nodes]
#       time to create and upgrade a cluster with the local provider, and its memory, against a bare test-bed cluster
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Builds the benchmarks and what they run (the distribution included), then runs one with the remaining arguments.
bench() {
  local main=$1
  shift
  mvn -B -q -DskipTests install -pl bench -am
  mvn -B -q -pl bench exec:java -Dexec.mainClass="io.paddock.bench.$main" -Dexec.args="$*" \
    -Dpaddock.it.artifacts="$PWD/testing/distribution-it/target/artifacts" -Dpaddock.it.dir="$PWD/bench/target/it"
}

case ${1:-} in
  testbed-start) shift; bench TestBedStartBench "$@" ;;
  api-list) shift; bench ApiListBench "$@" ;;
  proxy) shift; bench ProxyLatencyBench "$@" ;;
  cluster-heap) shift; bench ClusterHeapBench "$@" ;;
  local-cluster) shift; bench ProvisioningBench "$@" ;;
  *)
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
