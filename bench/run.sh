#!/usr/bin/env bash
# Paddock benchmarks (each builds what it needs first):
#
#   bench/run.sh testbed-start [clusters] [nodes] [version]
#       start-to-ready time and resident memory of local test-bed clusters running side by side
#   bench/run.sh api-list [items] [rounds]
#       REST list latency with many items (10,000 projects), against GET /v1/version as baseline
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
case ${1:-} in
  testbed-start)
    shift
    mvn -B -q -DskipTests install -pl bench -am
    mvn -B -q -pl bench exec:java -Dexec.mainClass=io.paddock.bench.TestBedStartBench -Dexec.args="$*" ;;
  api-list)
    shift
    mvn -B -q -DskipTests install -pl bench -am
    mvn -B -q -pl bench exec:java -Dexec.mainClass=io.paddock.bench.ApiListBench -Dexec.args="$*" \
      -Dpaddock.it.artifacts="$PWD/testing/distribution-it/target/artifacts" -Dpaddock.it.dir="$PWD/bench/target/it" ;;
  *)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
