#!/usr/bin/env bash
# Real consumers: validates moq-mux's output with @moq/hang (0.2.4 and the newest release),
# WebCodecs in headless Chromium and ffmpeg. Called by .ci/run after the Maven tests.
#
# On a fresh Debian machine it installs what is missing: chromium and ffmpeg (apt-get, as root or
# through sudo), Node.js + npm if absent (20 or newer is needed), and the npm packages pinned in
# package-lock.json (npm ci into node_modules/, git-ignored). It builds target/moq-mux-cli.jar if
# missing or stale, dumps every fixture in testdata/*.mp4 (except the two-moov stream) in both containers, and prints a table ending with "N passed, M failed"; exit status 1
# on any failure.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
START=$(date +%s)

log() { printf '[consumers] %s\n' "$*" >&2; }

# shellcheck source=../lib/setup.sh
. "$HERE/../lib/setup.sh"

# CHROMIUM may name another Chromium binary (default: Debian's /usr/bin/chromium).
need=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need+=(chromium)
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)
install_missing "${need[@]}"
npm_ci_locked "$HERE"
cd "$HERE"

# "hang-latest" is pinned for reproducible runs; say so when a newer @moq/hang is out (never fails).
pinned=$(node -p 'require("./node_modules/hang-latest/package.json").version')
newest=$(timeout 20 npm view @moq/hang version 2>/dev/null || true)
if [ -n "$newest" ] && [ "$newest" != "$pinned" ]; then
    log "note: @moq/hang $newest is published; hang-latest is pinned to $pinned (update package.json and package-lock.json)"
fi

cli_jar

WORK="$(mktemp -d "${TMPDIR:-/tmp}/moq-mux-consumers.XXXXXX")"
# MOQ_MUX_CONSUMERS_KEEP=1 keeps the dumps (and the concatenated passthrough files) for a look.
if [ "${MOQ_MUX_CONSUMERS_KEEP:-}" = 1 ]; then
    log "keeping the dumps in $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

# Dump every fixture in both containers, two JVMs at a time (dump: ../lib/setup.sh).
export JAR WORK
fixtures=()
for f in "$ROOT"/testdata/*.mp4; do
    # The importer rejects an empty av1C on purpose (README "Rejected"); nothing to play.
    # Two init segments in one stream: the second moov replaces the first tracks' renditions, so
    # the final catalog cannot describe them; its import is checked by the Java tests instead.
    [ "$(basename "$f")" = h264_aac_second_moov.mp4 ] && continue
    # Inputs the importer must refuse (issue 11: encrypted, cut after the moov, no audio/video
    # track, a tfhd base_data_offset outside the data, ALAC): nothing to play; RealPackagerDefectsTest
    # checks their errors.
    case "$(basename "$f" .mp4)" in
        h264_aac_cenc|h264_aac_cbcs|h264_aac_cut_after_moov|ttml_only|h264_aac_tfhd_outside|alac_stereo) continue ;;
    esac
    fixtures+=("$f")
done
log "dumping ${#fixtures[@]} fixtures in both containers"
printf '%s\0' "${fixtures[@]}" | xargs -0 -n 1 -P 2 bash -c 'dump "$0"'

status=0
node --import ./lib/shims.mjs check.mjs "$WORK" "$ROOT/testdata" || status=$?
log "done in $(( $(date +%s) - START )) s"
exit $status
