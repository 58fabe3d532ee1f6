#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed for the store's
# tests, which start their own throwaway servers (io.paddock.testbed.postgres.PostgresServer).
# Idempotent: installs Debian's postgresql package only when no /usr/lib/postgresql/*/bin/initdb
# exists. No server is started or enabled here.
set -euo pipefail

log() { printf '[ensure-postgres] %s\n' "$*"; }
die() { printf '[ensure-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

find_initdb() {
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/initdb; do
    [[ -x $candidate ]] && { printf '%s\n' "$candidate"; return 0; }
  done
  return 1
}

if initdb=$(find_initdb); then
  log "PostgreSQL server found: $initdb ($("$initdb" --version))"
  exit 0
fi

command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is missing: install the PostgreSQL server (initdb, pg_ctl) with your package manager, or set PADDOCK_POSTGRES_BIN to its bin directory"
[[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed: run this script as root (it runs apt-get install postgresql), or: sudo apt-get install postgresql"

log "installing Debian's postgresql package (apt-get update, then install; about a minute) ..."
bash "$(dirname "${BASH_SOURCE[0]}")/../install-debian-packages.sh" postgresql

initdb=$(find_initdb) || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb exists"
log "PostgreSQL server installed: $initdb ($("$initdb" --version))"
