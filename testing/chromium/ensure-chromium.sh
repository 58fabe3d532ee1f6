#!/usr/bin/env bash
# Makes sure a headless Chromium and its WebDriver are installed for the console's end-to-end tests
# (testing/distribution-it ConsoleIT drives them with Selenium).
# Idempotent: installs Debian's chromium and chromium-driver packages only when either is missing.
# Nothing is downloaded from a browser vendor: Selenium is told where the driver is (PADDOCK_CHROMEDRIVER).
set -euo pipefail

log() { printf '[ensure-chromium] %s\n' "$*"; }
die() { printf '[ensure-chromium] ERROR: %s\n' "$*" >&2; exit 1; }

chromium_bin=${PADDOCK_CHROMIUM:-/usr/bin/chromium}
driver_bin=${PADDOCK_CHROMEDRIVER:-/usr/bin/chromedriver}

if [[ -x $chromium_bin && -x $driver_bin ]]; then
  log "chromium found: $("$chromium_bin" --version 2>/dev/null || echo "$chromium_bin"), driver $driver_bin"
  exit 0
fi

command -v apt-get >/dev/null || die "chromium or chromedriver is missing and apt-get is not available: install Chromium and its WebDriver with your package manager, or set PADDOCK_CHROMIUM and PADDOCK_CHROMEDRIVER"
[[ $(id -u) -eq 0 ]] || die "chromium or chromedriver is missing: run this script as root (it runs apt-get install chromium chromium-driver), or: sudo apt-get install chromium chromium-driver"

log "installing Debian's chromium and chromium-driver packages (apt-get update, then install; a minute or two) ..."
bash "$(dirname "${BASH_SOURCE[0]}")/../install-debian-packages.sh" chromium chromium-driver fonts-dejavu-core

[[ -x $chromium_bin && -x $driver_bin ]] || die "chromium-driver was installed but $chromium_bin or $driver_bin does not exist"
log "chromium installed: $("$chromium_bin" --version 2>/dev/null || echo "$chromium_bin")"
