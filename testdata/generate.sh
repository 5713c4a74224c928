#!/usr/bin/env bash
# Generates the fragmented-MP4 test fixtures of moq-mux and their expectation files.
# Re-runnable: every fixture and its expected/<name>/ folder is rebuilt from scratch.
# See README.md for what each fixture is and what each expectation file means.
#
# Usage: testdata/generate.sh            (from anywhere)
# Needs: ffmpeg + ffprobe (Debian: apt-get install ffmpeg), python3, node >= 20 + npm.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: '$1' not found. $2" >&2
    exit 1
  fi
}
need ffmpeg "Install it with: apt-get install ffmpeg"
need ffprobe "Install it with: apt-get install ffmpeg"
need python3 "Install it with: apt-get install python3"
need node "Install Node.js >= 20 (e.g. apt-get install nodejs npm)"
need npm "Install Node.js >= 20 (e.g. apt-get install nodejs npm)"

encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null)
for enc in libx264 libx265 libvpx libvpx-vp9 libsvtav1 libaom-av1 libopus aac; do
  if ! grep -q " $enc " <<<"$encoders"; then
    echo "error: this ffmpeg has no '$enc' encoder (Debian's ffmpeg package has all of them)" >&2
    exit 1
  fi
done

# mp4box.js, pinned in tools/package-lock.json
want_mp4box=$(python3 -c 'import json;print(json.load(open("tools/package.json"))["dependencies"]["mp4box"])')
have_mp4box=$(python3 -c 'import json;print(json.load(open("tools/node_modules/mp4box/package.json"))["version"])' 2>/dev/null || true)
if [ "$want_mp4box" != "$have_mp4box" ]; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p expected
ffmpeg -version | head -1 > expected/ffmpeg-version.txt
echo "mp4box.js $want_mp4box" > expected/mp4box-version.txt

# ---------------------------------------------------------------- common settings

# Deterministic output: no encoder/muxer version strings, no metadata, single-threaded encoders.
COMMON=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
# 2 s of synthetic input
VIDEO=(-f lavfi -i "testsrc2=size=320x240:rate=30:duration=2")
SINE48=(-f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2")
SINE44=(-f lavfi -i "sine=frequency=440:sample_rate=44100:duration=2")
# H.264 High, 2 B-frames, closed GOP of 30 frames (keyframe every second at 30 fps)
X264=(-c:v libx264 -profile:v high -bf 2 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -threads 1)
# HEVC Main, 2 B-frames, closed GOP of 30 frames
X265_PARAMS="log-level=error:pools=none:frame-threads=1:open-gop=0:scenecut=0"
X265=(-c:v libx265 -bf 2 -g 30 -keyint_min 30 -pix_fmt yuv420p -x265-params "$X265_PARAMS")
X265_INBAND=(-c:v libx265 -bf 2 -g 30 -keyint_min 30 -pix_fmt yuv420p
             -x265-params "$X265_PARAMS:repeat-headers=1")
VP9=(-c:v libvpx-vp9 -deadline good -cpu-used 5 -crf 40 -b:v 0 -g 30 -keyint_min 30
     -pix_fmt yuv420p -threads 1 -row-mt 0)
# SVT-AV1 (libaom in ffmpeg 5.1 has no extradata at init, see av1_empty_av1c below)
AV1=(-c:v libsvtav1 -preset 12 -crf 40 -g 30 -pix_fmt yuv420p -svtav1-params lp=1)
export SVT_LOG=1  # SVT-AV1 prints its banner on stderr otherwise
# ffmpeg's native AAC encoder (AAC-LC)
AAC=(-c:a aac -ac 2 -b:a 64k)
OPUS=(-c:a libopus -ac 2 -b:a 64k)
FRAG=frag_keyframe+empty_moov+default_base_moof

# ---------------------------------------------------------------- expectations

expectations() {
  local name=$1 out="$1.mp4" dir="expected/$1"
  ffprobe -v error -show_streams -show_format -of json "$out" > "$dir/streams.json"
  local entries="packet=stream_index,pts,dts,duration,size,flags"
  { echo "stream_index,pts,dts,duration,size,flags"
    ffprobe -v error -show_entries "$entries" -of csv=p=0 "$out"; } > "$dir/packets.csv"
  { echo "stream_index,pts,dts,duration,size,flags"
    ffprobe -v error -ignore_editlist 1 -show_entries "$entries" -of csv=p=0 "$out"; } \
    > "$dir/packets_noeditlist.csv"
  if cmp -s "$dir/packets.csv" "$dir/packets_noeditlist.csv"; then
    rm "$dir/packets_noeditlist.csv"
  fi
  # -copyts: keep the demuxer's timestamps (otherwise ffmpeg shifts them to start at 0)
  ffmpeg -nostdin -hide_banner -v error -i "$out" -map 0 -c copy -copyts -fflags +bitexact \
    -f framemd5 - > "$dir/framemd5.txt"
  python3 tools/boxdump.py layout "$out" > "$dir/boxes.txt"
  python3 tools/boxdump.py tracks "$out" > "$dir/tracks.json"
  python3 tools/boxdump.py samples "$out" > "$dir/samples.csv"
  if [ "${MP4BOX_MAY_FAIL:-}" = 1 ]; then
    # expected to be rejected; codecs.json then records mp4box.js's error message
    node tools/codecs.mjs "$out" > "$dir/codecs.json" 2>/dev/null || true
  elif ! node tools/codecs.mjs "$out" > "$dir/codecs.json"; then
    echo "error: mp4box.js could not parse $out" >&2
    exit 1
  fi
  python3 tools/check.py "$dir" > "$dir/checks.txt"
}

# fixture NAME FFMPEG-ARGS... : runs ffmpeg (output NAME.mp4), records the command, and
# writes expected/NAME/.
fixture() {
  local name=$1
  shift
  local dir="expected/$name"
  rm -rf "$dir" "$name.mp4"
  mkdir -p "$dir"
  local cmd=(ffmpeg -nostdin -hide_banner -loglevel error -y "$@" "$name.mp4")
  printf '%q ' "${cmd[@]}" | sed 's/ $//' > "$dir/command.txt"
  echo >> "$dir/command.txt"
  echo "== $name"
  "${cmd[@]}"
  expectations "$name"
  sed 's/^/   /' "$dir/checks.txt"
}

# ---------------------------------------------------------------- fixtures

# 1. H.264 High with B-frames + AAC-LC stereo 48 kHz, one fragment per video GOP.
fixture h264_aac "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" \
  -f mp4 -movflags "$FRAG"

# 2. Same, one fragment per frame.
fixture h264_aac_every_frame "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" \
  -f mp4 -movflags frag_every_frame+empty_moov+default_base_moof

# 3. Same, but one moof (+ mdat) per track instead of one moof with a traf per track.
fixture h264_aac_separate_moof "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" \
  -f mp4 -movflags "$FRAG+separate_moof"

# 4. Edit lists: delay_moov writes the moov after the first fragment is known, so the mp4 muxer
#    writes edts/elst for both tracks (video: B-frame delay, audio: AAC priming of 1024 samples).
fixture h264_aac_editlist "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" \
  -f mp4 -movflags frag_keyframe+empty_moov+delay_moov+default_base_moof

# 5. Leading empty edit: the audio input starts 0.5 s late, so its elst starts with an empty edit.
fixture h264_aac_empty_edit "${VIDEO[@]}" -itsoffset 0.5 "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" \
  "${AAC[@]}" -t 2 -f mp4 -movflags frag_keyframe+empty_moov+delay_moov+default_base_moof

# 6. trun version 1 with negative composition offsets.
fixture h264_aac_negative_cts "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" \
  -f mp4 -movflags "$FRAG+negative_cts_offsets"

# 7. Two H.264 renditions of the same source (320x240 and 160x120) + AAC.
fixture h264x2_aac "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" \
  -filter_complex "[0:v]split=2[v0][v1];[v1]scale=160:120[v1s]" -map "[v0]" -map "[v1s]" -map 1:a \
  "${X264[@]}" "${AAC[@]}" -f mp4 -movflags "$FRAG"

# 8. HEVC, hvc1 (parameter sets only in hvcC) and hev1 (parameter sets also in band) + AAC.
fixture h265_hvc1_aac "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X265[@]}" -tag:v hvc1 "${AAC[@]}" \
  -f mp4 -movflags "$FRAG"
#    For hev1, x265 also repeats VPS/SPS/PPS in band before every keyframe (repeat-headers=1).
fixture h265_hev1_aac "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${X265_INBAND[@]}" \
  -tag:v hev1 "${AAC[@]}" -f mp4 -movflags "$FRAG"

# 9. VP9 + Opus stereo.
fixture vp9_opus "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${VP9[@]}" "${OPUS[@]}" \
  -f mp4 -movflags "$FRAG"

# 10. AV1 + Opus stereo.
fixture av1_opus "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" "${AV1[@]}" "${OPUS[@]}" \
  -f mp4 -movflags "$FRAG"

# 10b. AV1 from libaom with empty_moov: ffmpeg 5.1's libaom wrapper has no extradata when the
#      moov is written, so the av1C box is EMPTY (8-byte header, no AV1CodecConfigurationRecord).
#      Real-world malformed input; mp4box.js rejects it ("av1C marker problem").
MP4BOX_MAY_FAIL=1 fixture av1_empty_av1c -f lavfi -i "testsrc2=size=256x144:rate=30:duration=2" "${COMMON[@]}" \
  -c:v libaom-av1 -usage realtime -cpu-used 8 -crf 40 -b:v 0 -g 30 -keyint_min 30 -pix_fmt yuv420p \
  -threads 1 -row-mt 0 -f mp4 -movflags "$FRAG"

# 11. Audio only: Opus 5.1 (channel mapping family 1). Without video, frag_keyframe never cuts,
#     so fragments are cut every 0.5 s with -frag_duration (microseconds).
fixture opus_51 "${SINE48[@]}" "${COMMON[@]}" -c:a libopus -b:a 128k -ac 6 -channel_layout 5.1 \
  -mapping_family 1 -f mp4 -frag_duration 500000 -movflags empty_moov+default_base_moof

# 12. Audio only: AAC-LC mono 44.1 kHz.
fixture aac_mono "${SINE44[@]}" "${COMMON[@]}" -c:a aac -ac 1 -b:a 48k \
  -f mp4 -frag_duration 500000 -movflags empty_moov+default_base_moof

# 13. VP8 + Opus. ffmpeg 5.1's mp4 muxer refuses VP8 ("Could not find tag for codec vp8 in
#     stream #0, codec not currently supported in container"; the same with -strict experimental
#     and -tag:v vp08), so libvpx's VP8 frames are written to IVF by ffmpeg and muxed into a
#     fragmented MP4 by mp4box.js (tools/mux_vp8.mjs), together with the Opus samples and dOps of
#     vp9_opus.mp4 (same input and encoder settings). One moof+mdat per sample.
if ffmpeg -nostdin -hide_banner -loglevel quiet -y -f lavfi -i "testsrc2=size=64x64:rate=30:duration=0.1" \
     -c:v libvpx -strict experimental -f mp4 -movflags "$FRAG" /dev/null; then
  echo "note: this ffmpeg CAN mux VP8 into mp4; vp8_opus could be made by ffmpeg directly" >&2
fi
vp8_fixture() {
  local name=vp8_opus dir=expected/vp8_opus
  rm -rf "$dir" "$name.mp4"
  mkdir -p "$dir"
  local enc=(ffmpeg -nostdin -hide_banner -loglevel error -y "${VIDEO[@]}" "${COMMON[@]}"
    -c:v libvpx -deadline good -cpu-used 4 -crf 30 -b:v 300k -g 30 -keyint_min 30 -auto-alt-ref 0
    -pix_fmt yuv420p -threads 1 -f ivf "$name.ivf")
  local mux=(node tools/mux_vp8.mjs "$name.ivf" vp9_opus.mp4 "$name.mp4")
  { printf '%q ' "${enc[@]}" | sed 's/ $//'; echo; printf '%q ' "${mux[@]}" | sed 's/ $//'; echo; } \
    > "$dir/command.txt"
  echo "== $name"
  "${enc[@]}"
  "${mux[@]}"
  rm -f "$name.ivf"
  expectations "$name"
  sed 's/^/   /' "$dir/checks.txt"
}
vp8_fixture

echo "total size of testdata (without tools/node_modules): $(du -sh --exclude=node_modules . | cut -f1)"
