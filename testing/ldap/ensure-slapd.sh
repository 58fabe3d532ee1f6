#!/usr/bin/env bash
# Makes sure OpenLDAP's server (slapd) and client tools are installed for the LDAP login tests,
# which start their own throwaway servers (io.paddock.testbed.ldap.LdapServer).
# Idempotent: installs Debian's slapd and ldap-utils packages only when slapd or ldapsearch is
# missing. No server is started or enabled here.
set -euo pipefail

log() { printf '[ensure-slapd] %s\n' "$*"; }
die() { printf '[ensure-slapd] ERROR: %s\n' "$*" >&2; exit 1; }

slapd_bin=${PADDOCK_SLAPD:-/usr/sbin/slapd}

if [[ -x $slapd_bin ]] && command -v ldapsearch >/dev/null; then
  log "slapd found: $slapd_bin ($("$slapd_bin" -VV 2>&1 | grep -m1 -o 'slapd [0-9.]*' || echo 'version unknown'))"
  exit 0
fi

command -v apt-get >/dev/null || die "slapd is not installed and apt-get is missing: install OpenLDAP's server (slapd) and client tools with your package manager, or set PADDOCK_SLAPD to the slapd binary"
[[ $(id -u) -eq 0 ]] || die "slapd is not installed: run this script as root (it runs apt-get install slapd ldap-utils), or: sudo apt-get install slapd ldap-utils"

log "installing Debian's slapd and ldap-utils packages (apt-get update, then install; about a minute) ..."
bash "$(dirname "${BASH_SOURCE[0]}")/../install-debian-packages.sh" slapd ldap-utils

[[ -x $slapd_bin ]] || die "slapd was installed but $slapd_bin does not exist"
log "slapd installed: $slapd_bin ($("$slapd_bin" -VV 2>&1 | grep -m1 -o 'slapd [0-9.]*' || echo 'version unknown'))"
