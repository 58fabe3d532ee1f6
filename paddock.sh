#!/usr/bin/env bash
# Paddock developer entry point.
#
#   ./paddock.sh run     build (when sources changed) and run Paddock in the foreground with its shell
#   ./paddock.sh test    install what the tests need, build the Kubernetes test bed and Dex, run every test
#
# Environment:
#   PADDOCK_HOME        where `run` keeps its installation (default: .run/paddock in this checkout);
#                       etc/ and data/ survive rebuilds
#   PADDOCK_HTTPS_PORT  REST API and Kubernetes proxy over TLS (default 8443)
#   PADDOCK_HTTP_PORT   the same without TLS, for local health probes (default 8181)
#   PADDOCK_SSH_PORT    shell SSH port (default 8101)
#   PADDOCK_CACHE       cache of built Kubernetes and Dex binaries (default ~/.cache/paddock)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

log() { printf '[paddock] %s\n' "$*"; }
die() { printf '[paddock] error: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

java_home() {
  local javac_path
  javac_path=$(command -v javac) || die "javac not found: install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless)"
  dirname "$(dirname "$(readlink -f "$javac_path")")"
}

# Java and Maven come with the machine; on a bare Debian host (as root) install them from Debian.
install_build_tools() {
  command -v mvn >/dev/null && command -v javac >/dev/null && return
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing Java 17 and Maven from Debian packages ..."
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven
  fi
}

require_tools() {
  install_build_tools
  command -v mvn >/dev/null || die "mvn not found: install Maven 3.8+ (Debian: apt-get install maven)"
  local version
  version=$(javac -version 2>&1 | awk '{print $2}')
  [[ ${version%%.*} -ge 17 ]] || die "Java 17 or newer is required (javac reports $version)"
  export JAVA_HOME=${JAVA_HOME:-$(java_home)}
}

distribution_tarball() {
  ls "$ROOT"/karaf-distribution/target/paddock-distribution-*.tar.gz 2>/dev/null | head -n 1
}

build_if_stale() {
  local tarball
  tarball=$(distribution_tarball)
  if [[ -n $tarball ]] && [[ -z $(find "$ROOT" -path "$ROOT/.run" -prune -o -path '*/target' -prune -o -path "$ROOT/.git" -prune \
      -o -type f \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.cfg' -o -name '*.properties' \) \
      -newer "$tarball" -print -quit) ]]; then
    log "distribution is up to date: $tarball"
    return
  fi
  log "building the distribution (mvn install, tests skipped) ..."
  mvn -B -q -DskipTests install -pl karaf-distribution -am
}

# Unpacks the distribution into PADDOCK_HOME; on later builds replaces the code (bin, lib, system)
# and the bundle cache but keeps etc/ and data/, so accounts and settings survive.
install_home() {
  local home=$1 tarball staging
  tarball=$(distribution_tarball)
  if [[ -f $home/.installed && ! $tarball -nt $home/.installed ]]; then
    return
  fi
  staging=$(mktemp -d)
  tar xzf "$tarball" -C "$staging" --strip-components=1
  if [[ -d $home/etc ]]; then
    log "updating $home (etc/ and data/ kept)"
    rm -rf "$home/bin" "$home/lib" "$home/system" "$home/data/cache"
    mv "$staging/bin" "$staging/lib" "$staging/system" "$home/"
    cp -rn "$staging/etc/." "$home/etc/"
  else
    log "installing into $home"
    mkdir -p "$home"
    cp -a "$staging/." "$home/"
  fi
  rm -rf "$staging"
  touch "$home/.installed"
}

cmd_run() {
  require_tools
  build_if_stale
  local home=${PADDOCK_HOME:-$ROOT/.run/paddock}
  install_home "$home"
  log "Paddock home: $home (config in etc/, data in data/, log in data/log/karaf.log)"
  log "console: https://127.0.0.1:${PADDOCK_HTTPS_PORT:-8443}/"
  log "API: https://127.0.0.1:${PADDOCK_HTTPS_PORT:-8443}/v1/ (CA: etc/paddock-tls-ca.pem)   health: http://127.0.0.1:${PADDOCK_HTTP_PORT:-8181}/v1/health"
  log "shell: this console, or"
  log "      ssh -p ${PADDOCK_SSH_PORT:-8101} admin@127.0.0.1   (first start prints the admin password below)"
  exec "$home/bin/karaf"
}

cmd_test() {
  require_tools
  command -v go >/dev/null || die "go not found: install Go 1.26 (needed to build the Kubernetes test bed)"
  log "building the Kubernetes test bed (first run compiles Kubernetes: about 20 min; cached in ${PADDOCK_CACHE:-~/.cache/paddock})"
  bash "$ROOT/testing/k8s/build.sh" --all
  log "building Dex for the OpenID Connect login tests (first run about 2 min; cached in ${PADDOCK_CACHE:-~/.cache/paddock})"
  bash "$ROOT/testing/oidc/build-dex.sh"
  bash "$ROOT/testing/postgres/ensure-postgres.sh"
  bash "$ROOT/testing/ldap/ensure-slapd.sh"
  bash "$ROOT/testing/chromium/ensure-chromium.sh"
  log "running all tests (mvn verify) ..."
  mvn -B verify
}

case ${1:-} in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
