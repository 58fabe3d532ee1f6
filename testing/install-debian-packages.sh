#!/usr/bin/env bash
# Installs Debian packages for the test bed without starting the services they bring
# (tests start their own throwaway servers). Usage: install-debian-packages.sh PACKAGE...
# Called by ensure-*.sh scripts once they found a package missing; needs root and apt-get.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# policy-rc.d keeps the packages from starting their own services: tests start their own servers
policy=/usr/sbin/policy-rc.d
created_policy=false
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created_policy=true
fi
trap 'if [[ $created_policy == true ]]; then rm -f "$policy"; fi' EXIT
apt-get install -y -q --no-install-recommends "$@"
