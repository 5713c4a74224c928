#!/usr/bin/env bash
# Generates the large benchmark inputs of moq-mux (issue 4). The outputs are NOT committed
# (see .gitignore); re-run this script to get them. Takes a few minutes on 2 cores.
#
# Usage: testdata/bench/generate.sh [seconds]     (default 120; from anywhere)
# Needs: ffmpeg with libx264 and aac (Debian: apt-get install ffmpeg).
#
# Outputs, in this directory:
#   h264_aac_1080p_gop.mp4          1080p30 H.264 (~6 Mbit/s) + AAC 48 kHz, one moof per 2 s GOP
#                                   (frag_keyframe+empty_moov+default_base_moof, -g 60)
#   h264_aac_1080p_every_frame.mp4  the same streams, one fragment per sample (frag_every_frame)
#   h264x2_aacx2_gop.mp4            4 tracks: 1080p + 360p H.264, AAC 128k stereo + 64k mono,
#                                   2 s GOP fragments
# For 120 s the two 1080p files are ~92 MB each with 9,226 samples (3,600 video + 5,626 audio).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
SECONDS_LONG=${1:-120}

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "error: ffmpeg not found. Install it with: apt-get install ffmpeg" >&2
  exit 1
fi

GLOBAL=(-hide_banner -loglevel error -y)
# Deterministic output: no encoder/muxer version strings, no metadata.
COMMON=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)
VIDEO=(-f lavfi -i "testsrc2=size=1920x1080:rate=30:duration=$SECONDS_LONG")
AUDIO=(-f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$SECONDS_LONG")
# ultrafast keeps the encode to minutes; CBR with filler (nal-hrd=cbr) gives a realistic
# ~6 Mbit/s even for the easy synthetic picture. Closed 2 s GOPs.
X264=(-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0
      -b:v 6M -minrate 6M -maxrate 6M -bufsize 6M -x264-params nal-hrd=cbr)
AAC=(-c:a aac -b:a 128k)

# 1. Encode once into a non-fragmented intermediate, then remux (no re-encoding) per layout.
echo "encoding ${SECONDS_LONG}s of 1080p30 H.264 + AAC…" >&2
ffmpeg "${GLOBAL[@]}" "${VIDEO[@]}" "${AUDIO[@]}" "${COMMON[@]}" "${X264[@]}" "${AAC[@]}" -f mp4 source_1080p.mp4

FRAG=frag_keyframe+empty_moov+default_base_moof
ffmpeg "${GLOBAL[@]}" -i source_1080p.mp4 "${COMMON[@]}" -c copy -f mp4 -movflags "$FRAG" h264_aac_1080p_gop.mp4
ffmpeg "${GLOBAL[@]}" -i source_1080p.mp4 "${COMMON[@]}" -c copy -f mp4 \
  -movflags frag_every_frame+empty_moov+default_base_moof h264_aac_1080p_every_frame.mp4

# 2. Four tracks: the 1080p streams plus a 360p rendition and a mono 64k AAC.
echo "encoding the 360p rendition and the second audio track…" >&2
ffmpeg "${GLOBAL[@]}" "${VIDEO[@]}" "${AUDIO[@]}" "${COMMON[@]}" -vf scale=640:360 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 60 -keyint_min 60 -sc_threshold 0 -b:v 1M \
  -c:a aac -b:a 64k -ac 1 -f mp4 source_360p.mp4
ffmpeg "${GLOBAL[@]}" -i source_1080p.mp4 -i source_360p.mp4 "${COMMON[@]}" \
  -map 0:v -map 1:v -map 0:a -map 1:a -c copy -f mp4 -movflags "$FRAG" h264x2_aacx2_gop.mp4

rm -f source_1080p.mp4 source_360p.mp4
ls -l ./*.mp4 >&2
