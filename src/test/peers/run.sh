#!/usr/bin/env bash
# Real MoQ peers against moq-mux's wire (issue #14 acceptance): @moq/net 0.3.4 (moq-lite-05 and
# -04) and @moq/lite 0.2.2 (moq-lite-02, qmux-00 and legacy webtransport framings) subscribe to a
# server and must receive exactly what `moq-mux-cli dump` writes; a @moq/net server in the relay's
# role must receive exactly that from a publisher; @moq/watch 0.4.6 in headless Chromium must
# play it. README.md beside this file lists the cells.
#
# Usage: bash src/test/peers/run.sh [CELL FILTER…]   e.g. h264_aac/cmaf/lite02  */*/watch
# The server and publisher under test are command templates (cells.mjs): MOQ_PEERS_SERVE and
# MOQ_PEERS_PUBLISH; by default the Java CLI (`serve`, `publish`). The Node reference peers the
# harness was proven against replay the dumps instead:
#   MOQ_PEERS_SERVE='node {peers}serve-ref.mjs --listen {listen} --name {name} {dump}'
#   MOQ_PEERS_PUBLISH='node {peers}pub-ref.mjs --name {name} {url} {dump}'
#
# On a fresh Debian machine it installs what is missing: chromium (apt-get, as root or through
# sudo), a JDK 17 and Maven (to build the CLI), Node.js + npm if absent (20 or newer is needed),
# and the npm packages pinned in
# package-lock.json (npm ci into node_modules/, git-ignored). It builds target/moq-mux-cli.jar if
# missing or stale and dumps the fixtures in both containers. Prints a table ending with
# "N passed, M failed"; exit status 1 on any failure.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
START=$(date +%s)

log() { printf '[peers] %s\n' "$*" >&2; }

# shellcheck source=../lib/setup.sh
. "$HERE/../lib/setup.sh"

# CHROMIUM may name another Chromium binary (default: Debian's /usr/bin/chromium).
need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
install_missing "${need[@]}"
npm_ci_locked "$HERE"
cd "$HERE"

cli_jar

WORK="$(mktemp -d "${TMPDIR:-/tmp}/moq-mux-peers.XXXXXX")"
# MOQ_PEERS_KEEP=1 keeps every cell's directory; failed cells are kept (and the dumps) anyway.
cleanup() {
    if [ "${MOQ_PEERS_KEEP:-}" != 1 ] && [ "${status:-1}" -eq 0 ]; then rm -rf "$WORK"; else log "kept $WORK"; fi
}
trap cleanup EXIT

FIXTURES="${MOQ_PEERS_FIXTURES:-h264_aac,h265_hvc1_aac,vp9_opus,av1_opus,h264x2_aac,h264_aac_every_frame}"
export MOQ_PEERS_FIXTURES="$FIXTURES"
export JAR WORK ROOT
log "dumping ${FIXTURES//,/ } in both containers"
tr ',' '\n' <<<"$FIXTURES" | sed '/^$/d; s|.*|'"$ROOT"'/testdata/&.mp4|' | tr '\n' '\0' \
    | xargs -0 -n 1 -P 2 bash -c 'dump "$0"'

status=0
node cells.mjs "$WORK" "$ROOT/testdata" "$@" || status=$?
log "done in $(( $(date +%s) - START )) s"
exit $status
