#!/usr/bin/env python3
"""Cross-checks the expectation files of one fixture against each other.

Usage: check.py EXPECTED_DIR

Reads samples.csv + tracks.json (from the boxes, see boxdump.py), framemd5.txt and
packets.csv / packets_noeditlist.csv (from ffmpeg/ffprobe) and verifies, per track
(ffmpeg stream index k = k-th trak of the moov):

  * framemd5: same number of packets, same sizes and the same MD5s, in decode order, as the
    sample bytes stored in the mdat (so ffmpeg -c copy hashes the bytes exactly as stored);
  * packets.csv: same count, sizes and keyframe flags as the boxes (for tracks other than
    vide/soun, ffmpeg flags every packet a keyframe, and it flags every audio sample of a
    trun a keyframe: such differences are listed, not failed);
  * packets_noeditlist.csv (or packets.csv when the file has no edit list):
        dts == tfdt-based DTS, pts == DTS + composition offset + dts_shift
  * durations: ffprobe's duration column is not checked (ffmpeg derives it; it can be N/A or
    differ from the trun at the start/end of a track); differences are listed;
  * packets.csv (edit list applied by ffmpeg):
        pts == raw PTS - media_time + empty_edit + dts_shift
        dts == raw DTS - media_time + empty_edit
    where media_time is that of the first non-empty edit (mdhd units), empty_edit the
    duration of a leading empty edit rescaled from mvhd to mdhd units, and dts_shift the
    largest negative composition offset of the track (ffmpeg's mov demuxer adds it to the
    pts so that pts >= dts; it is 0 unless trun version 1 offsets are negative). For sample
    tables with negative ctts v1 offsets ffmpeg subtracts that amount from every dts instead
    (pts unchanged); check.py detects this from the first packet, prints dts_shift=0 and
    says "ffmpeg lowered every dts by N".

Prints one summary line per track; exits 1 on the first inconsistency.
"""
import csv
import json
import os
import sys


def fail(msg):
    sys.stderr.write("check failed: %s\n" % msg)
    sys.exit(1)


def read_samples(d):
    out = {}
    with open(os.path.join(d, "samples.csv")) as f:
        for r in csv.DictReader(f):
            out.setdefault(int(r["track_id"]), []).append(r)
    return out


def read_packets(path):
    out = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            out.setdefault(int(r["stream_index"]), []).append(r)
    return out


def read_framemd5(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            # 6 fields, then optional side data ("S=1, size, md5" for skip samples)
            fields = [x.strip() for x in line.split(",")]
            st, dts, pts, dur, size, h = fields[:6]
            out.setdefault(int(st), []).append(
                {"dts": int(dts), "pts": int(pts), "duration": int(dur), "size": int(size), "md5": h,
                 "side_data": ",".join(fields[6:])})
    return out


def num(v):
    return None if v in ("N/A", "") else int(v)


def main(d):
    tracks = json.load(open(os.path.join(d, "tracks.json")))["tracks"]
    samples = read_samples(d)
    fmd5 = read_framemd5(os.path.join(d, "framemd5.txt"))
    pk = read_packets(os.path.join(d, "packets.csv"))
    ne_path = os.path.join(d, "packets_noeditlist.csv")
    pk_ne = read_packets(ne_path) if os.path.exists(ne_path) else pk
    lines = []
    for k, t in enumerate(tracks):
        tid = t["track_id"]
        S = samples.get(tid, [])
        F = fmd5.get(k, [])
        P = pk.get(k, [])
        N = pk_ne.get(k, [])
        if not (len(S) == len(F) == len(P) == len(N)):
            fail("track %d: %d samples in boxes, %d framemd5, %d packets, %d packets (no edit list)"
                 % (tid, len(S), len(F), len(P), len(N)))
        # edit list terms
        media_time, empty = 0, 0
        for e in t["elst"] or []:
            if e["media_time"] == -1:
                if media_time == 0:
                    # leading empty edit (mvhd units -> mdhd units, rounded like av_rescale)
                    num_ = e["segment_duration"] * t["mdhd_timescale"]
                    empty += (num_ + t["mvhd_timescale"] // 2) // t["mvhd_timescale"]
                continue
            media_time = e["media_time"]
            break
        ctos = [int(s["pts"]) - int(s["dts"]) for s in S]
        shift = max([0] + [-c for c in ctos])
        # ffmpeg makes pts >= dts in one of two ways: for fragments it adds the largest
        # negative offset to every pts ("dts_shift"); for sample tables (ctts v1) it subtracts
        # it from every dts instead and leaves pts alone. Which one: see the first packet.
        dts_shift, dts_lowered = shift, 0
        if S and shift and num(N[0]["pts"]) == int(S[0]["pts"]) \
                and num(N[0]["dts"]) == int(S[0]["dts"]) - shift:
            dts_shift, dts_lowered = 0, shift
        dur_diff = []
        side = []
        key_diff = []
        for i, (s, f, p, n) in enumerate(zip(S, F, P, N)):
            size = int(s["size"])
            if f["md5"] != s["md5"] or f["size"] != size:
                fail("track %d sample %d: framemd5 %s/%d != stored bytes %s/%d"
                     % (tid, i, f["md5"], f["size"], s["md5"], size))
            if int(p["size"]) != size or int(n["size"]) != size:
                fail("track %d sample %d: ffprobe size differs" % (tid, i))
            if ("K" in p["flags"]) != (s["sync"] == "1") and t["handler"] not in ("vide", "soun"):
                # ffmpeg marks every subtitle/data packet a keyframe whatever the sample flags
                key_diff.append("#%d" % i)
            elif "K" in p["flags"] and s["sync"] != "1" and t["handler"] == "soun":
                # ffmpeg 5.1's mov demuxer marks every audio sample of a trun a keyframe,
                # whatever its flags (aac_partial_sync)
                key_diff.append("#%d" % i)
            elif ("K" in p["flags"]) != (s["sync"] == "1"):
                fail("track %d sample %d: keyframe flag %s vs sync %s" % (tid, i, p["flags"], s["sync"]))
            raw_dts, raw_pts = int(s["dts"]), int(s["pts"])
            if num(n["dts"]) != raw_dts - dts_lowered or num(n["pts"]) != raw_pts + dts_shift:
                fail("track %d sample %d: no-edit-list pts/dts %s/%s, boxes give %d/%d (+%d)"
                     % (tid, i, n["pts"], n["dts"], raw_pts, raw_dts, dts_shift))
            want_pts = raw_pts - media_time + empty + dts_shift
            want_dts = raw_dts - media_time + empty - dts_lowered
            if num(p["pts"]) != want_pts or num(p["dts"]) != want_dts:
                fail("track %d sample %d: pts/dts %s/%s, expected %d/%d"
                     % (tid, i, p["pts"], p["dts"], want_pts, want_dts))
            if f["pts"] != want_pts or f["dts"] != want_dts:
                fail("track %d sample %d: framemd5 pts/dts %d/%d, expected %d/%d"
                     % (tid, i, f["pts"], f["dts"], want_pts, want_dts))
            if f["side_data"]:
                side.append("#%d: %s" % (i, f["side_data"]))
            if num(p["duration"]) != int(s["duration"]):
                dur_diff.append("#%d: %s (stored %s)" % (i, p["duration"], s["duration"]))
        lines.append(
            "track %d (stream %d, %s): %d samples, %d sync; md5/size/flags match; "
            "elst media_time=%d empty_edit=%d (mdhd units); ffmpeg dts_shift=%d; "
            "packets.csv pts = raw pts - %d + %d + %d; "
            "ffprobe durations that differ from the stored ones: %s%s%s%s"
            % (tid, k, t["handler"], len(S), sum(1 for s in S if s["sync"] == "1"),
               media_time, empty, dts_shift, media_time, empty, dts_shift,
               ", ".join(dur_diff) or "none",
               ("; framemd5 side data: " + "; ".join(side)) if side else "",
               ("; ffprobe says keyframe, sample flags say non-sync: " + ", ".join(key_diff))
               if key_diff else "",
               ("; ffmpeg lowered every dts by %d instead (sample tables, ctts v1)" % dts_lowered)
               if dts_lowered else ""))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1])
