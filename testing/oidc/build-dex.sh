#!/usr/bin/env bash
# Build Dex, a real OpenID Connect provider, for the OIDC login tests, from its upstream Go module
# (wrapper module in dex/) into a cache OUTSIDE the checkout. Idempotent: skipped ("up to date")
# when the cached binary has the same inputs and reports the pinned version.
#
#   bash testing/oidc/build-dex.sh            # build if needed
#   bash testing/oidc/build-dex.sh --force    # rebuild even if up to date
#
# Layout (CACHE = ${PADDOCK_CACHE:-$HOME/.cache/paddock}/dex):
#   $CACHE/v2.45.1/bin/dex    $CACHE/v2.45.1/stamp
#   $CACHE/env                PADDOCK_DEX_VERSION=..., PADDOCK_DEX_BIN=... (read by io.paddock.testbed.oidc.DexServer)
# Built without cgo, as testing/k8s/build.sh builds its binaries: Dex then has no SQLite storage,
# and the tests use its in-memory storage. The build goes to a temp directory renamed into place
# only after `dex version` passed, so an interrupted build leaves nothing that looks finished.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WRAPPER=$HERE/dex
# the wrapper pins the commit of this release tag as a pseudo-version (see dex/go.mod)
DEX_VERSION=v2.45.1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

FORCE=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-dex.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

command -v go >/dev/null || { echo "build-dex.sh: 'go' not found in PATH (need go1.26.x)" >&2; exit 1; }

export GOTOOLCHAIN=local           # never download another toolchain
export CGO_ENABLED=0
export GOFLAGS="-buildvcs=false -modcacherw"
export GOWORK=off

CACHE=${PADDOCK_CACHE:-$HOME/.cache/paddock}/dex
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  echo "build-dex.sh: another build is running on $CACHE; waiting for it ..."
  flock 9
fi

TMP=
trap '[[ -n $TMP ]] && rm -rf "$TMP"' EXIT
rm -rf "$CACHE"/.tmp-* 2>/dev/null || true   # leftovers of a killed run

log() { printf '[paddock-dex %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

FINAL=$CACHE/$DEX_VERSION
HASH=$({ cat "$WRAPPER/go.mod" "$WRAPPER/go.sum"; printf '%s\n' "$DEX_VERSION" "$GOFLAGS" "$CGO_ENABLED"; } | sha256sum | cut -c1-16)

dex_check() {
  local out; [[ -x $1/dex ]] && out=$("$1/dex" version 2>/dev/null) && grep -qx "Dex Version: $DEX_VERSION" <<<"$out"
}

write_env() {
  {
    echo "# Written by testing/oidc/build-dex.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ); do not edit."
    echo "PADDOCK_DEX_VERSION=$DEX_VERSION"
    echo "PADDOCK_DEX_BIN=$FINAL/bin"
  } > "$CACHE/env.part"
  mv "$CACHE/env.part" "$CACHE/env"
}

if [[ $FORCE == 0 && -f $FINAL/stamp ]] && grep -qx "inputs=$HASH" "$FINAL/stamp" && dex_check "$FINAL/bin"; then
  write_env
  log "dex $DEX_VERSION: up to date ($FINAL/bin)"
  exit 0
fi

T0=$SECONDS
log "downloading Go modules for dex $DEX_VERSION (network only on first run) ..."
(cd "$WRAPPER" && go mod download)
TMP=$(mktemp -d "$CACHE/.tmp-$DEX_VERSION.XXXXXX")
chmod 0755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/gotmp"
log "building dex $DEX_VERSION ... (a few minutes on first run, seconds when the Go build cache is warm)"
(cd "$WRAPPER" && GOTMPDIR="$TMP/gotmp" go build -trimpath -ldflags "-s -w -X main.version=$DEX_VERSION" \
   -o "$TMP/bin/dex" github.com/dexidp/dex/cmd/dex)
dex_check "$TMP/bin" || { echo "build-dex.sh: built dex does not report $DEX_VERSION" >&2; "$TMP/bin/dex" version >&2 || true; exit 1; }
rm -rf "$TMP/gotmp"
printf 'product=dex\nversion=%s\ninputs=%s\ngo=%s\nbuilt=%s\n' "$DEX_VERSION" "$HASH" "$(go env GOVERSION)" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$TMP/stamp"
rm -rf "$FINAL"
mv "$TMP" "$FINAL"
TMP=
write_env
log "dex $DEX_VERSION: built in $((SECONDS - T0)) s -> $FINAL/bin"
