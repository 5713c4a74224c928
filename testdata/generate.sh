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
for enc in libx264 libx265 libvpx libvpx-vp9 libsvtav1 libaom-av1 libopus aac flac libmp3lame ac3 eac3; do
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
  expectations_of "$1.mp4" "expected/$1"
}

# expectations_of FILE DIR: the expectation files of FILE in DIR (see README.md).
# FFPROBE_FILE=OTHER: run ffprobe (streams.json, packets.csv) on OTHER instead (only for
# aac_explicit_rate, which ffprobe cannot open; OTHER has the same samples).
expectations_of() {
  local out=$1 dir=$2 probe=${FFPROBE_FILE:-$1}
  ffprobe -v error -show_streams -show_format -of json "$probe" > "$dir/streams.json"
  local entries="packet=stream_index,pts,dts,duration,size,flags"
  # A packet with side data (the skip-samples of the first AAC packet in non-fragmented
  # files) gets a trailing empty field and an empty line from ffprobe: drop both, so that
  # every line has exactly the six columns (framemd5.txt shows the side data).
  { echo "stream_index,pts,dts,duration,size,flags"
    ffprobe -v error -show_entries "$entries" -of csv=p=0 "$probe" | sed -e '/^$/d' -e 's/,$//'; } \
    > "$dir/packets.csv"
  { echo "stream_index,pts,dts,duration,size,flags"
    ffprobe -v error -ignore_editlist 1 -show_entries "$entries" -of csv=p=0 "$probe" \
      | sed -e '/^$/d' -e 's/,$//'; } > "$dir/packets_noeditlist.csv"
  if cmp -s "$dir/packets.csv" "$dir/packets_noeditlist.csv"; then
    rm "$dir/packets_noeditlist.csv"
  fi
  # -copyts: keep the demuxer's timestamps (otherwise ffmpeg shifts them to start at 0)
  ffmpeg -nostdin -hide_banner -v error -i "$out" -map 0 -c copy -copyts -fflags +bitexact \
    -f framemd5 - 2> >(grep -v 'invalid sampling rate index 15\|Last message repeated' >&2) \
    > "$dir/framemd5.txt"
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

# ================================================================ real-world layouts (issue 3)
# 1 s clips at low bitrates (fixture size), keyframe every 15 frames = 2 GOPs per clip.

VIDEO1=(-f lavfi -i "testsrc2=size=320x240:rate=30:duration=1")
SINE48_1=(-f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1")
SINE44_1=(-f lavfi -i "sine=frequency=440:sample_rate=44100:duration=1")
X264_1=(-c:v libx264 -profile:v high -bf 2 -g 15 -keyint_min 15 -sc_threshold 0 -pix_fmt yuv420p
        -threads 1 -b:v 200k)
X264_10=(-c:v libx264 -profile:v high -bf 2 -g 10 -keyint_min 10 -sc_threshold 0 -pix_fmt yuv420p
         -threads 1 -b:v 200k)
AV=("${VIDEO1[@]}" "${SINE48_1[@]}" "${COMMON[@]}" "${X264_1[@]}" "${AAC[@]}")

WORK=.work  # scratch files of the multi-step fixtures (removed at the end)
rm -rf "$WORK"
mkdir -p "$WORK"

# begin NAME / step NAME CMD... / finish NAME: a fixture made by several commands. Each step is
# recorded in command.txt (run from testdata/) and run; finish writes the expectations.
begin() {
  rm -rf "expected/$1" "$1.mp4"
  mkdir -p "expected/$1"
  : > "expected/$1/command.txt"
  echo "== $1"
}
step() {
  local name=$1
  shift
  { printf '%q ' "$@" | sed 's/ $//'; echo; } >> "expected/$name/command.txt"
  "$@"
}
finish() {
  [ "${2:-}" = announce ] && echo "== $1 (checks)"
  expectations "$1"
  sed 's/^/   /' "expected/$1/checks.txt"
}
# patched_fixture NAME PATCH FFMPEG-ARGS...: ffmpeg writes a scratch file, tools/patch.py PATCH
# turns it into NAME.mp4.
patched_fixture() {
  local name=$1 cmd=$2
  shift 2
  begin "$name"
  step "$name" ffmpeg -nostdin -hide_banner -loglevel error -y "$@" "$WORK/$name-src.mp4"
  step "$name" python3 tools/patch.py "$cmd" "$WORK/$name-src.mp4" "$name.mp4"
  finish "$name"
}

# ---------------------------------------------------------------- ffmpeg layouts

# L1. -movflags cmaf: as written by ffmpeg 5.1 an empty moov, a moof per GOP, default-base-is-
#     moof, trun v1 with negative cto, sample_description_index in tfhd, no sidx (README).
fixture cmaf_h264_aac "${AV[@]}" -f mp4 -movflags cmaf

# L2. global_sidx: one sidx per track before the first moof, indexing the whole file.
fixture h264_aac_global_sidx "${AV[@]}" -f mp4 -movflags "$FRAG+global_sidx"

# L3. -movflags dash: a sidx per track before every moof.
fixture h264_aac_dash_flag "${AV[@]}" -f mp4 -movflags dash

# L4. HLS fMP4: init.mp4 + 1 s segments (styp, sidx, moof, mdat), concatenated in playlist
#     order into one file. 2 s input so that -hls_time 1 gives two segments.
hls_fixture() {
  local name=hls_h264_aac dir=$WORK/hls
  begin $name
  rm -rf "$dir"
  mkdir -p "$dir"
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}" \
    "${X264[@]}" -b:v 200k "${AAC[@]}" -f hls -hls_segment_type fmp4 -hls_time 1 -hls_playlist_type vod \
    -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$dir/seg%d.m4s" "$dir/playlist.m3u8"
  # playlist order: the EXT-X-MAP init, then every URI line
  local parts=("$dir/init.mp4")
  while read -r line; do parts+=("$dir/$line"); done < <(grep -v '^#' "$dir/playlist.m3u8")
  step $name python3 tools/patch.py concat "$name.mp4" "${parts[@]}"
  cp "$dir/playlist.m3u8" "expected/$name/playlist.m3u8"
  finish $name
}
hls_fixture

# L5. DASH: one init + segments per representation (stream 0 video, 1 audio), concatenated per
#     representation in segment-number order.
dash_fixture() {
  local dir=$WORK/dash
  rm -rf "$dir"
  mkdir -p "$dir"
  begin dash_video
  begin dash_audio
  local cmd=(ffmpeg -nostdin -hide_banner -loglevel error -y "${VIDEO[@]}" "${SINE48[@]}" "${COMMON[@]}"
    "${X264[@]}" -b:v 200k "${AAC[@]}" -f dash -seg_duration 1 -use_template 1 -use_timeline 1
    "$dir/manifest.mpd")
  step dash_video "${cmd[@]}"
  { printf '%q ' "${cmd[@]}" | sed 's/ $//'; echo; } >> expected/dash_audio/command.txt
  local rep name
  for rep in 0 1; do
    name=$([ $rep = 0 ] && echo dash_video || echo dash_audio)
    step $name python3 tools/patch.py concat "$name.mp4" "$dir/init-stream$rep.m4s" \
      $(cd "$dir" && ls chunk-stream$rep-*.m4s | sort | sed "s|^|$dir/|")
    cp "$dir/manifest.mpd" "expected/$name/manifest.mpd"
    finish $name announce
  done
}
dash_fixture

# ---------------------------------------------------------------- sample tables in the moov

# T1. frag_keyframe WITHOUT empty_moov: the first GOP is described by the moov's sample tables
#     (stts/ctts/stsz/stsc/stco/stss) and stored in a plain mdat before the first moof.
fixture h264_aac_moov_samples "${AV[@]}" -f mp4 -movflags frag_keyframe

# T2. Regular (non-fragmented) mp4, moov after the mdat (ffmpeg's default).
fixture h264_aac_moov_end "${AV[@]}" -f mp4

# T3. Regular mp4 with the moov first (+faststart: ffmpeg moves it in a second pass).
fixture h264_aac_faststart "${AV[@]}" -f mp4 -movflags +faststart

# T4. Regular mp4 (moov last) with ctts version 1 (-movflags negative_cts_offsets), PATCHED by
#     tools/patch.py co64-stz2: stco -> co64 and stsz -> stz2 (16-bit). The moov is the last
#     box, so no sample moves.
patched_fixture h264_aac_moov_end_co64 co64-stz2 "${AV[@]}" -f mp4 -movflags negative_cts_offsets

# ---------------------------------------------------------------- codecs and catalog fields

# C1. VP9 profile 2, 10 bit + Opus.
fixture vp9_p2_10bit_opus "${VIDEO1[@]}" "${SINE48_1[@]}" "${COMMON[@]}" -c:v libvpx-vp9 -deadline good \
  -cpu-used 5 -crf 40 -b:v 0 -g 15 -keyint_min 15 -pix_fmt yuv420p10le -profile:v 2 -threads 1 -row-mt 0 \
  "${OPUS[@]}" -f mp4 -movflags "$FRAG"

# C2. AV1 10 bit (SVT-AV1, Main profile) + Opus.
fixture av1_10bit_opus "${VIDEO1[@]}" "${SINE48_1[@]}" "${COMMON[@]}" -c:v libsvtav1 -preset 12 -crf 40 \
  -g 15 -pix_fmt yuv420p10le -svtav1-params lp=1 "${OPUS[@]}" -f mp4 -movflags "$FRAG"

# C3. avc3: SPS/PPS in band before every keyframe (x264 repeat-headers=1) and in the avcC.
fixture h264_avc3_aac "${AV[@]}" -x264-params repeat-headers=1 -tag:v avc3 -f mp4 -movflags "$FRAG"

# C4. AAC-LC stereo at 7350 Hz (sampling_frequency_index 12).
fixture aac_7350 -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1" "${COMMON[@]}" \
  -c:a aac -ar 7350 -ac 2 -b:a 16k -f mp4 -frag_duration 500000 -movflags empty_moov+default_base_moof

# C5. AAC with an explicit 24-bit sampling frequency (samplingFrequencyIndex 0xF). No encoder in
#     Debian writes it for a standard rate and ffmpeg's aac encoder refuses non-standard rates
#     ("Specified sample rate 44056 is not supported"), so this file is PATCHED: ffmpeg writes
#     mono 44.1 kHz AAC, then tools/patch.py explicit-rate rewrites its AudioSpecificConfig
#     (1208 56e500 -> 1780 5622 0856e500, same rate). ffmpeg's AAC decoder rejects index 15
#     ("invalid sampling rate index 15") and ffprobe then cannot open the file at all, so
#     streams.json/packets.csv are ffprobe's view of the unpatched file (same samples).
explicit_rate_fixture() {
  local name=aac_explicit_rate
  begin $name
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y "${SINE44_1[@]}" "${COMMON[@]}" -c:a aac -ac 1 \
    -b:a 48k -f mp4 -frag_duration 500000 -movflags empty_moov+default_base_moof "$WORK/$name-src.mp4"
  step $name python3 tools/patch.py explicit-rate "$WORK/$name-src.mp4" "$name.mp4" 2>/dev/null
  FFPROBE_FILE="$WORK/$name-src.mp4" finish $name
}
explicit_rate_fixture

# C6. Constant-rate 29.97 fps video (-r 30000/1001: mdhd timescale 30000, 1001 per frame).
fixture h264_ntsc_aac -f lavfi -i "testsrc2=size=320x240:rate=30000/1001:duration=1" "${SINE48_1[@]}" \
  "${COMMON[@]}" "${X264_1[@]}" "${AAC[@]}" -f mp4 -movflags "$FRAG"

# C7. Non-square pixels: pasp 4:3 (320x240 coded, 16:9 display), and the btrt ffmpeg writes
#     when the bitrate is known (-b:v 200k; every X264_1 fixture has one).
fixture h264_pasp_aac "${VIDEO1[@]}" "${SINE48_1[@]}" "${COMMON[@]}" "${X264_1[@]}" -vf setsar=4/3 \
  "${AAC[@]}" -f mp4 -movflags "$FRAG"

# ---------------------------------------------------------------- other tracks

# S1. A mov_text (tx3g, handler sbtl) subtitle track from a generated .srt, fragmented.
subtitle_fixture() {
  local name=h264_aac_tx3g
  begin $name
  printf '1\n00:00:00,100 --> 00:00:00,400\nhello\n\n2\n00:00:00,500 --> 00:00:00,900\nworld\n' \
    > "$WORK/subtitles.srt"
  echo "printf '1\\n00:00:00,100 --> 00:00:00,400\\nhello\\n\\n2\\n00:00:00,500 --> 00:00:00,900\\nworld\\n' > $WORK/subtitles.srt" \
    >> "expected/$name/command.txt"
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y "${VIDEO1[@]}" "${SINE48_1[@]}" \
    -i "$WORK/subtitles.srt" "${COMMON[@]}" "${X264_1[@]}" "${AAC[@]}" -c:s mov_text \
    -f mp4 -movflags "$FRAG" "$name.mp4"
  finish $name
}
subtitle_fixture

# ---------------------------------------------------------------- box-level oddities (patched)

# B1. 64-bit box sizes: every top-level box but the moofs rewritten with a 16-byte header
#     (tools/patch.py largesize; moof is left alone because ffmpeg 5.1 mis-reads such a moof).
patched_fixture h264_aac_largesize largesize "${AV[@]}" -f mp4 -movflags "$FRAG"

# B2. The last mdat has size 0 ("extends to the end of the file"); the mfra is dropped.
patched_fixture h264_aac_mdat_to_end mdat-to-end "${AV[@]}" -f mp4 -movflags "$FRAG"

# B3. prft (ffmpeg -write_prft pts; "wallclock" is not reproducible) before every moof, plus
#     free, udta, emsg v0/v1, skip, uuid, meta and an mfra inserted between the fragments by
#     tools/patch.py insert-boxes. -g 10: three fragments.
patched_fixture h264_aac_extra_boxes insert-boxes "${VIDEO1[@]}" "${SINE48_1[@]}" "${COMMON[@]}" \
  "${X264_10[@]}" "${AAC[@]}" -write_prft pts -f mp4 -movflags "$FRAG"

# B4. A second moov: two independent streams (320x240 H.264 + AAC 48 kHz stereo, then
#     256x144 H.264 + AAC 44.1 kHz mono, both FRAG) concatenated byte for byte, as after an
#     encoder restart or an HLS discontinuity. expected/<name>/part1 and part2 hold the
#     expectations of the two parts; the top-level files describe the concatenation (boxdump
#     switches tracks at the second moov; ffmpeg's view of the whole file is in
#     ffprobe_whole.txt, see README).
second_moov_fixture() {
  local name=h264_aac_second_moov dir=expected/h264_aac_second_moov
  begin $name
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y "${AV[@]}" -f mp4 -movflags "$FRAG" "$WORK/part1.mp4"
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=256x144:rate=30:duration=1" \
    "${SINE44_1[@]}" "${COMMON[@]}" "${X264_1[@]}" -c:a aac -ac 1 -b:a 48k -f mp4 -movflags "$FRAG" "$WORK/part2.mp4"
  step $name python3 tools/patch.py concat "$name.mp4" "$WORK/part1.mp4" "$WORK/part2.mp4"
  for part in part1 part2; do
    mkdir -p "$dir/$part"
    expectations_of "$WORK/$part.mp4" "$dir/$part"
  done
  python3 tools/boxdump.py layout "$name.mp4" > "$dir/boxes.txt"
  python3 tools/boxdump.py tracks "$name.mp4" > "$dir/tracks.json"
  python3 tools/boxdump.py samples "$name.mp4" > "$dir/samples.csv"
  node tools/codecs.mjs "$name.mp4" > "$dir/codecs.json"
  { echo "stream_index,pts,dts,duration,size,flags"
    ffprobe -v error -show_entries packet=stream_index,pts,dts,duration,size,flags -of csv=p=0 "$name.mp4"; } \
    > "$dir/packets_whole.csv"
  python3 tools/check_concat.py "$dir" "$WORK/part1.mp4" > "$dir/checks.txt"
  sed 's/^/   /' "$dir/checks.txt"
}
second_moov_fixture

# ---------------------------------------------------------------- audio codecs (issue 11)
# 1 s of the 48 kHz sine (24 kHz for mp3_mp4a69), audio only, fragments cut every 0.5 s with
# -frag_duration as for opus_51/aac_mono.
AFRAG=(-f mp4 -frag_duration 500000 -movflags empty_moov+default_base_moof)

# A1. FLAC stereo: fLaC sample entry + dfLa (STREAMINFO). ffmpeg 5.1 calls FLAC in MP4
#     experimental and wants -strict -2.
fixture flac_stereo "${SINE48_1[@]}" "${COMMON[@]}" -c:a flac -ac 2 -strict -2 "${AFRAG[@]}"

# A2. MP3 (libmp3lame) in an mp4a entry: ffmpeg's mp4 muxer writes objectTypeIndication 0x6B
#     (MPEG-1 audio) above 24 kHz ...
fixture mp3_mp4a "${SINE48_1[@]}" "${COMMON[@]}" -c:a libmp3lame -ac 2 -b:a 64k "${AFRAG[@]}"
#     ... and 0x69 (MPEG-2 audio, the low sampling rates) at 24 kHz and below.
fixture mp3_mp4a69 -f lavfi -i "sine=frequency=440:sample_rate=24000:duration=1" "${COMMON[@]}" \
  -c:a libmp3lame -ac 2 -b:a 32k "${AFRAG[@]}"

# A3. MP3 in a '.mp3' sample entry: what ffmpeg's QuickTime muxer (-f mov) writes (ftyp qt).
fixture mp3_dotmp3 "${SINE48_1[@]}" "${COMMON[@]}" -c:a libmp3lame -ac 2 -b:a 64k \
  -f mov -frag_duration 500000 -movflags empty_moov+default_base_moof

# A4. AC-3 (ac-3 + dac3) and E-AC-3 (ec-3 + dec3), 5.1 (3/2 + LFE) at 192 kbit/s. ffmpeg's mp4
#     muxer writes channelcount 2 in these sample entries whatever the channels, so only the
#     dac3/dec3 says 6. ffmpeg needs the first packet for dac3/dec3 ("Cannot write moov atom
#     before AC3 packets"), hence delay_moov, which also writes an elst (media_time 256: the
#     encoder delay).
fixture ac3_51 "${SINE48_1[@]}" "${COMMON[@]}" -c:a ac3 -ac 6 -channel_layout 5.1 -b:a 192k \
  -f mp4 -frag_duration 500000 -movflags empty_moov+delay_moov+default_base_moof
fixture eac3_51 "${SINE48_1[@]}" "${COMMON[@]}" -c:a eac3 -ac 6 -channel_layout 5.1 -b:a 192k \
  -f mp4 -frag_duration 500000 -movflags empty_moov+delay_moov+default_base_moof

# ---------------------------------------------------------------- defects (issue 11)

# D1a. Audio where only some samples are sync (as xHE-AAC writes them): AAC-LC stereo cut into
#      0.25 s fragments, PATCHED by patch.py audio-nonsync: the samples of the 2nd and 4th
#      fragment are marked non-sync in their tfhd default_sample_flags.
patched_fixture aac_partial_sync audio-nonsync "${SINE48_1[@]}" "${COMMON[@]}" "${AAC[@]}" \
  -f mp4 -frag_duration 250000 -movflags empty_moov+default_base_moof

# D1b. The same in sample tables: regular mp4 (moov last), PATCHED by patch.py audio-stss: an
#      stss listing every 8th audio sample.
patched_fixture h264_aac_moov_end_audio_stss audio-stss "${AV[@]}" -f mp4

# D5. esds avgBitrate 0 and a wrong maxBitrate (2200 bit/s for a 64 kbit/s stream), PATCHED by
#     patch.py esds-bitrate (the btrt says the same).
patched_fixture aac_esds_bitrate esds-bitrate "${SINE48_1[@]}" "${COMMON[@]}" "${AAC[@]}" "${AFRAG[@]}"

# Refused inputs: only command.txt, boxes.txt and tracks.json are recorded (ffprobe and
# mp4box.js have nothing to compare against the importer's refusal).
# refused_fixture NAME PATCH|- FFMPEG-ARGS...
refused_fixture() {
  local name=$1 cmd=$2
  shift 2
  begin "$name"
  if [ "$cmd" = - ]; then
    step "$name" ffmpeg -nostdin -hide_banner -loglevel error -y "$@" "$name.mp4"
  else
    step "$name" ffmpeg -nostdin -hide_banner -loglevel error -y "$@" "$WORK/$name-src.mp4"
    step "$name" python3 tools/patch.py "$cmd" "$WORK/$name-src.mp4" "$name.mp4"
  fi
  python3 tools/boxdump.py layout "$name.mp4" > "expected/$name/boxes.txt"
  python3 tools/boxdump.py tracks "$name.mp4" > "expected/$name/tracks.json"
}

# D2. A regular mp4 with the moov first, cut right after the moov (patch.py cut-after-moov):
#     the sample tables owe every sample.
refused_fixture h264_aac_cut_after_moov cut-after-moov "${AV[@]}" -f mp4 -movflags +faststart

# D3. TTML subtitles only (stpp, handler subt). ffmpeg refuses to fragment TTML ("Fragmentation
#     is not currently supported for TTML in MP4"), so this one is a regular mp4.
ttml_fixture() {
  local name=ttml_only
  begin $name
  printf '1\n00:00:00,100 --> 00:00:00,400\nhello\n\n2\n00:00:00,500 --> 00:00:00,900\nworld\n' \
    > "$WORK/subtitles.srt"
  echo "printf '1\\n00:00:00,100 --> 00:00:00,400\\nhello\\n\\n2\\n00:00:00,500 --> 00:00:00,900\\nworld\\n' > $WORK/subtitles.srt" \
    >> "expected/$name/command.txt"
  step $name ffmpeg -nostdin -hide_banner -loglevel error -y -i "$WORK/subtitles.srt" "${COMMON[@]}" \
    -c:s ttml -f mp4 "$name.mp4"
  python3 tools/boxdump.py layout "$name.mp4" > "expected/$name/boxes.txt"
  python3 tools/boxdump.py tracks "$name.mp4" > "expected/$name/tracks.json"
}
ttml_fixture

# D4. Common encryption: ffmpeg's -encryption_scheme cenc-aes-ctr writes encv/enca with sinf
#     (frma, schm 'cenc', schi/tenc) and senc/saiz/saio in every traf; a fixed test key.
ENC=(-encryption_scheme cenc-aes-ctr -encryption_key 00112233445566778899aabbccddeeff
     -encryption_kid 0123456789abcdef0123456789abcdef)
refused_fixture h264_aac_cenc - "${AV[@]}" "${ENC[@]}" -f mp4 -movflags "$FRAG"
#     cbcs: the same file with schm 'cbcs' (PATCHED by patch.py cbcs; no encoder at hand writes
#     cbcs, the samples stay CTR-encrypted: only the declared scheme is tested).
refused_fixture h264_aac_cbcs cbcs "${AV[@]}" "${ENC[@]}" -f mp4 -movflags "$FRAG"
# D4b. A codec outside the catalog's set, written by a real encoder: ALAC (sample entry 'alac').
#      The refusal must be at the sample entry's own offset.
refused_fixture alac_stereo - "${SINE48_1[@]}" "${COMMON[@]}" -c:a alac -ac 2 "${AFRAG[@]}"
#     A tfhd base_data_offset 1 MiB past the end of the file (PATCHED by patch.py tfhd-outside
#     from an h264_aac_moov_samples-like file, whose tfhd carries an explicit base_data_offset).
refused_fixture h264_aac_tfhd_outside tfhd-outside "${AV[@]}" -f mp4 -movflags frag_keyframe

# ---------------------------------------------------------------- GStreamer (a second muxer)

# G1-G3. GStreamer 1.22 (Debian 12 packages): videotestsrc -> x264enc -> h264parse and
#     audiotestsrc -> AAC encoder -> aacparse, into mp4mux/qtmux. 30 frames 320x240@30 and 47
#     buffers of 1024 samples (48 kHz stereo). GStreamer writes the wall clock into the
#     creation/modification times of mvhd/tkhd/mdhd; tools/patch.py zero-times sets them to 0
#     (nothing else differs between runs).
if command -v gst-launch-1.0 >/dev/null 2>&1; then
  gst_fixture() {
    local name=$1 aenc=$2
    shift 2
    begin "$name"
    step "$name" gst-launch-1.0 -q -e \
      videotestsrc num-buffers=30 pattern=smpte horizontal-speed=4 \
      ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 \
      ! x264enc bitrate=200 key-int-max=15 bframes=2 b-adapt=false threads=1 sliced-threads=false \
      ! h264parse ! queue ! "$@" name=mux ! filesink location="$WORK/$name-src.mp4" \
      audiotestsrc num-buffers=47 samplesperbuffer=1024 freq=440 \
      ! audio/x-raw,rate=48000,channels=2 ! $aenc ! aacparse ! queue ! mux.
    step "$name" python3 tools/patch.py zero-times "$WORK/$name-src.mp4" "$name.mp4"
    finish "$name"
  }
  gst_fixture gst_mp4mux_h264_aac "avenc_aac bitrate=64000" mp4mux fragment-duration=500
  gst_fixture gst_qtmux_h264_aac "voaacenc bitrate=64000" qtmux fragment-duration=500
  gst_fixture gst_mp4mux_finalised_h264_aac "avenc_aac bitrate=64000" \
    mp4mux fragment-duration=500 fragment-mode=first-moov-then-finalise
  gst-launch-1.0 --gst-version | head -1 > expected/gstreamer-version.txt
else
  echo "warning: gst-launch-1.0 not found, GStreamer fixtures not rebuilt" \
    "(apt-get install gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-bad" \
    "gstreamer1.0-plugins-ugly gstreamer1.0-libav)" >&2
fi

rm -rf "$WORK"

echo "total size of testdata (without tools/node_modules): $(du -sh --exclude=node_modules . | cut -f1)"
