#!/usr/bin/env bash
# Proves the peer cells can fail: runs run.sh against deliberately wrong reference servers and
# requires each to FAIL with the expected reason. Usage: bash src/test/peers/selftest.sh
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ok=0
bad=0
expect_fail() {
    local why="$1" pattern="$2" serve="$3"
    shift 3
    local out
    out="$(MOQ_PEERS_SERVE="$serve" bash "$HERE/run.sh" "$@" 2>&1)"
    if [ $? -ne 0 ] && grep -q -- "$pattern" <<<"$out"; then
        echo "ok: $why"
        ok=$((ok + 1))
    else
        echo "NOT DETECTED: $why"
        tail -20 <<<"$out"
        bad=$((bad + 1))
    fi
}
REF='node {peers}serve-ref.mjs --listen {listen} --name {name}'
# A clock started before anyone subscribed: @moq/lite asks for the latest group and misses the first.
expect_fail "clock started at launch: @moq/lite misses groups" "groups differ: missing" \
    "$REF --grace=-1 {dump}" h264_aac_every_frame/legacy/lite02
# Other bytes than dump's: the legacy broadcast served for the cmaf cell.
expect_fail "wrong bytes are caught" "nothing received" "$REF {dump}/../legacy" h264_aac/cmaf/net05
# A catalog change after the player subscribed: @moq/watch re-submits the current group.
expect_fail "catalog refined mid-play: frameCount exceeds frames served" "frameCount 6[1-9]" \
    "$REF --catalogs-at-clock {dump}" h264_aac/legacy/watch
echo "$ok detected, $bad not detected"
[ "$bad" -eq 0 ]
