#!/usr/bin/env python3
"""Minimal ISO BMFF (fragmented MP4) box dumper for the moq-mux test fixtures.

Standard library only. Two modes:

  boxdump.py layout FILE    human-readable dump: top-level boxes (type, offset, size),
                            the moov (mvhd, each trak with tkhd/mdhd/hdlr/stsd/edts/elst,
                            mvex/trex) and the first 4 moofs (mfhd, trafs with
                            tfhd/tfdt/trun).
  boxdump.py samples FILE   one CSV line per sample of every fragment, computed from the
                            boxes alone (ISO/IEC 14496-12 8.8.7/8.8.8), with the MD5 of the
                            sample bytes exactly as stored in the mdat.
  boxdump.py tracks FILE    JSON: per track id, handler, sample entry, mdhd/mvhd timescales,
                            edit list entries and trex defaults.
  boxdump.py extract FILE TRACK_ID N
                            write the bytes of sample N (0-based, in decode order) of the
                            track to stdout.

Only what the fixtures need is parsed; it is a debugging aid, not a validator.
"""
import hashlib
import struct
import sys

MOOFS_SHOWN = 4  # how many moofs "layout" details

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"mvex",
              b"moof", b"traf", b"dinf", b"mfra", b"udta"}


class Box:
    __slots__ = ("type", "offset", "size", "header", "children")

    def __init__(self, btype, offset, size, header):
        self.type = btype
        self.offset = offset
        self.size = size
        self.header = header
        self.children = []

    @property
    def body(self):
        return self.offset + self.header

    @property
    def end(self):
        return self.offset + self.size

    def find(self, btype):
        for c in self.children:
            if c.type == btype:
                return c
        return None

    def findall(self, btype):
        return [c for c in self.children if c.type == btype]

    def path(self, *types):
        box = self
        for t in types:
            box = box.find(t)
            if box is None:
                return None
        return box


def parse_boxes(data, start, end, recurse=True):
    boxes = []
    pos = start
    while pos + 8 <= end:
        size, btype = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if btype == b"uuid":
            header += 16
        if size < header or pos + size > end:
            raise ValueError("bad box %r at offset %d (size %d)" % (btype, pos, size))
        box = Box(btype, pos, size, header)
        if recurse and btype in CONTAINERS:
            box.children = parse_boxes(data, box.body, box.end)
        elif recurse and btype == b"stsd":
            # full box + entry_count, then sample entries (children not parsed further)
            box.children = parse_boxes(data, box.body + 8, box.end, recurse=False)
        boxes.append(box)
        pos += size
    return boxes


def fullbox(data, box):
    vf = struct.unpack_from(">I", data, box.body)[0]
    return vf >> 24, vf & 0xFFFFFF, box.body + 4


def fourcc(b):
    return b.decode("latin-1")


# ---------------------------------------------------------------- moov

def parse_mvhd(data, box):
    v, _, p = fullbox(data, box)
    if v == 1:
        _, _, ts, dur = struct.unpack_from(">QQIQ", data, p)
    else:
        _, _, ts, dur = struct.unpack_from(">IIII", data, p)
    return {"version": v, "timescale": ts, "duration": dur}


def parse_tkhd(data, box):
    v, flags, p = fullbox(data, box)
    if v == 1:
        _, _, tid, _, dur = struct.unpack_from(">QQIIQ", data, p)
        p += 32
    else:
        _, _, tid, _, dur = struct.unpack_from(">IIIII", data, p)
        p += 20
    p += 8 + 2 + 2 + 2 + 2 + 36
    w, h = struct.unpack_from(">II", data, p)
    return {"version": v, "flags": flags, "track_id": tid, "duration": dur,
            "width": w / 65536.0, "height": h / 65536.0}


def parse_mdhd(data, box):
    v, _, p = fullbox(data, box)
    if v == 1:
        _, _, ts, dur = struct.unpack_from(">QQIQ", data, p)
    else:
        _, _, ts, dur = struct.unpack_from(">IIII", data, p)
    return {"version": v, "timescale": ts, "duration": dur}


def parse_hdlr(data, box):
    _, _, p = fullbox(data, box)
    return fourcc(data[p + 4:p + 8])


def parse_elst(data, box):
    v, _, p = fullbox(data, box)
    (count,) = struct.unpack_from(">I", data, p)
    p += 4
    entries = []
    for _ in range(count):
        if v == 1:
            dur, mt = struct.unpack_from(">Qq", data, p)
            p += 16
        else:
            dur, mt = struct.unpack_from(">Ii", data, p)
            p += 8
        rate_i, rate_f = struct.unpack_from(">hh", data, p)
        p += 4
        entries.append({"segment_duration": dur, "media_time": mt,
                        "media_rate": rate_i + rate_f / 65536.0})
    return {"version": v, "entries": entries}


def parse_trex(data, box):
    _, _, p = fullbox(data, box)
    tid, sdi, dur, size, flags = struct.unpack_from(">IIIII", data, p)
    return {"track_id": tid, "default_sample_description_index": sdi,
            "default_sample_duration": dur, "default_sample_size": size,
            "default_sample_flags": flags}


# ---------------------------------------------------------------- moof

def parse_tfhd(data, box):
    _, flags, p = fullbox(data, box)
    (tid,) = struct.unpack_from(">I", data, p)
    p += 4
    r = {"flags": flags, "track_id": tid}
    if flags & 0x000001:
        r["base_data_offset"] = struct.unpack_from(">Q", data, p)[0]
        p += 8
    if flags & 0x000002:
        r["sample_description_index"] = struct.unpack_from(">I", data, p)[0]
        p += 4
    if flags & 0x000008:
        r["default_sample_duration"] = struct.unpack_from(">I", data, p)[0]
        p += 4
    if flags & 0x000010:
        r["default_sample_size"] = struct.unpack_from(">I", data, p)[0]
        p += 4
    if flags & 0x000020:
        r["default_sample_flags"] = struct.unpack_from(">I", data, p)[0]
        p += 4
    return r


def parse_tfdt(data, box):
    v, _, p = fullbox(data, box)
    if v == 1:
        return struct.unpack_from(">Q", data, p)[0]
    return struct.unpack_from(">I", data, p)[0]


def parse_trun(data, box):
    v, flags, p = fullbox(data, box)
    (count,) = struct.unpack_from(">I", data, p)
    p += 4
    r = {"version": v, "flags": flags, "sample_count": count}
    if flags & 0x000001:
        r["data_offset"] = struct.unpack_from(">i", data, p)[0]
        p += 4
    if flags & 0x000004:
        r["first_sample_flags"] = struct.unpack_from(">I", data, p)[0]
        p += 4
    samples = []
    for _ in range(count):
        s = {}
        if flags & 0x000100:
            s["duration"] = struct.unpack_from(">I", data, p)[0]
            p += 4
        if flags & 0x000200:
            s["size"] = struct.unpack_from(">I", data, p)[0]
            p += 4
        if flags & 0x000400:
            s["flags"] = struct.unpack_from(">I", data, p)[0]
            p += 4
        if flags & 0x000800:
            s["cto"] = struct.unpack_from(">i" if v == 1 else ">I", data, p)[0]
            p += 4
        samples.append(s)
    r["samples"] = samples
    return r


def is_sync(flags):
    depends_on = (flags >> 24) & 0x3
    non_sync = (flags >> 16) & 0x1
    return depends_on == 2 or (depends_on == 0 and not non_sync)


# ---------------------------------------------------------------- model

def load(path):
    with open(path, "rb") as f:
        data = f.read()
    return data, parse_boxes(data, 0, len(data))


def moov_info(data, top):
    moov = next((b for b in top if b.type == b"moov"), None)
    if moov is None:
        raise ValueError("no moov")
    info = {"mvhd": parse_mvhd(data, moov.find(b"mvhd")), "tracks": [], "trex": {}}
    for trak in moov.findall(b"trak"):
        t = {"tkhd": parse_tkhd(data, trak.find(b"tkhd")),
             "mdhd": parse_mdhd(data, trak.path(b"mdia", b"mdhd")),
             "handler": parse_hdlr(data, trak.path(b"mdia", b"hdlr")),
             "elst": None, "stsd": []}
        elst = trak.path(b"edts", b"elst")
        if elst is not None:
            t["elst"] = parse_elst(data, elst)
        stsd = trak.path(b"mdia", b"minf", b"stbl", b"stsd")
        if stsd is not None:
            t["stsd"] = [fourcc(e.type) for e in stsd.children]
        info["tracks"].append(t)
    mvex = moov.find(b"mvex")
    if mvex is not None:
        for trex in mvex.findall(b"trex"):
            tr = parse_trex(data, trex)
            info["trex"][tr["track_id"]] = tr
    return info


def iter_samples(data, top, info):
    """Yield dicts for every sample of every moof, in file order."""
    mdats = [b for b in top if b.type == b"mdat"]
    next_dts = {}
    moof_index = -1
    for i, box in enumerate(top):
        if box.type != b"moof":
            continue
        moof_index += 1
        mdat = next((m for m in mdats if m.offset > box.offset), None)
        prev_end = None
        for traf_i, traf in enumerate(box.findall(b"traf")):
            tfhd = parse_tfhd(data, traf.find(b"tfhd"))
            tid = tfhd["track_id"]
            trex = info["trex"].get(tid, {})
            if "base_data_offset" in tfhd:
                base = tfhd["base_data_offset"]
            elif tfhd["flags"] & 0x020000 or traf_i == 0:
                base = box.offset
            else:
                base = prev_end
            tfdt = traf.find(b"tfdt")
            dts = parse_tfdt(data, tfdt) if tfdt is not None else next_dts.get(tid, 0)
            pos = None
            for trun_box in traf.findall(b"trun"):
                trun = parse_trun(data, trun_box)
                if "data_offset" in trun:
                    pos = base + trun["data_offset"]
                elif pos is None:
                    pos = base
                for si, s in enumerate(trun["samples"]):
                    dur = s.get("duration", tfhd.get("default_sample_duration",
                                                     trex.get("default_sample_duration", 0)))
                    size = s.get("size", tfhd.get("default_sample_size",
                                                  trex.get("default_sample_size", 0)))
                    if si == 0 and "first_sample_flags" in trun:
                        flags = trun["first_sample_flags"]
                    else:
                        flags = s.get("flags", tfhd.get("default_sample_flags",
                                                        trex.get("default_sample_flags", 0)))
                    cto = s.get("cto", 0)
                    if mdat is None or pos < mdat.body or pos + size > mdat.end:
                        raise ValueError("sample outside mdat: track %d at %d" % (tid, pos))
                    yield {"track_id": tid, "moof": moof_index, "offset": pos, "size": size,
                           "dts": dts, "pts": dts + cto, "duration": dur, "flags": flags,
                           "sync": is_sync(flags),
                           "md5": hashlib.md5(data[pos:pos + size]).hexdigest()}
                    pos += size
                    dts += dur
            next_dts[tid] = dts
            prev_end = pos


# ---------------------------------------------------------------- output

def cmd_layout(path, out):
    data, top = load(path)
    w = out.write
    w("# top-level boxes: type offset size\n")
    for b in top:
        w("%s %d %d\n" % (fourcc(b.type), b.offset, b.size))
    info = moov_info(data, top)
    moov = next(b for b in top if b.type == b"moov")
    w("\n# moov @%d size %d\n" % (moov.offset, moov.size))
    w("moov children: %s\n" % ",".join(fourcc(c.type) for c in moov.children))
    m = info["mvhd"]
    w("mvhd version=%d timescale=%d duration=%d\n" % (m["version"], m["timescale"], m["duration"]))
    for t in info["tracks"]:
        tk, md = t["tkhd"], t["mdhd"]
        w("trak track_id=%d handler=%s stsd=%s tkhd_flags=0x%x tkhd_duration=%d width=%g height=%g\n"
          % (tk["track_id"], t["handler"], ",".join(t["stsd"]), tk["flags"], tk["duration"],
             tk["width"], tk["height"]))
        w("  mdhd version=%d timescale=%d duration=%d\n" % (md["version"], md["timescale"], md["duration"]))
        if t["elst"] is None:
            w("  edts: none\n")
        else:
            e = t["elst"]
            w("  elst version=%d entry_count=%d\n" % (e["version"], len(e["entries"])))
            for en in e["entries"]:
                w("    segment_duration=%d (mvhd units) media_time=%d (mdhd units) media_rate=%g\n"
                  % (en["segment_duration"], en["media_time"], en["media_rate"]))
    for tid in sorted(info["trex"]):
        tr = info["trex"][tid]
        w("trex track_id=%d default_sample_description_index=%d default_sample_duration=%d "
          "default_sample_size=%d default_sample_flags=0x%08x\n"
          % (tid, tr["default_sample_description_index"], tr["default_sample_duration"],
             tr["default_sample_size"], tr["default_sample_flags"]))
    moofs = [b for b in top if b.type == b"moof"]
    w("\n# moof count: %d\n" % len(moofs))
    for mi, moof in enumerate(moofs[:MOOFS_SHOWN]):
        w("# moof #%d @%d size %d\n" % (mi, moof.offset, moof.size))
        mfhd = moof.find(b"mfhd")
        if mfhd is not None:
            _, _, p = fullbox(data, mfhd)
            w("mfhd sequence_number=%d\n" % struct.unpack_from(">I", data, p)[0])
        for traf in moof.findall(b"traf"):
            tfhd = parse_tfhd(data, traf.find(b"tfhd"))
            extra = " ".join("%s=%s" % (k, ("0x%08x" % v) if k == "default_sample_flags" else v)
                             for k, v in tfhd.items() if k not in ("flags", "track_id"))
            w("traf track_id=%d\n  tfhd flags=0x%06x %s\n" % (tfhd["track_id"], tfhd["flags"], extra))
            tfdt = traf.find(b"tfdt")
            if tfdt is not None:
                v, _, _ = fullbox(data, tfdt)
                w("  tfdt version=%d base_media_decode_time=%d\n" % (v, parse_tfdt(data, tfdt)))
            for trun_box in traf.findall(b"trun"):
                trun = parse_trun(data, trun_box)
                s = "  trun version=%d flags=0x%06x sample_count=%d" % (
                    trun["version"], trun["flags"], trun["sample_count"])
                if "data_offset" in trun:
                    s += " data_offset=%d" % trun["data_offset"]
                if "first_sample_flags" in trun:
                    s += " first_sample_flags=0x%08x" % trun["first_sample_flags"]
                w(s + "\n")
            other = [fourcc(c.type) for c in traf.children
                     if c.type not in (b"tfhd", b"tfdt", b"trun")]
            if other:
                w("  other boxes: %s\n" % ",".join(other))


def cmd_samples(path, out):
    data, top = load(path)
    info = moov_info(data, top)
    out.write("track_id,moof,offset,size,dts,pts,duration,flags,sync,md5\n")
    for s in iter_samples(data, top, info):
        out.write("%d,%d,%d,%d,%d,%d,%d,0x%08x,%d,%s\n" % (
            s["track_id"], s["moof"], s["offset"], s["size"], s["dts"], s["pts"],
            s["duration"], s["flags"], 1 if s["sync"] else 0, s["md5"]))


def cmd_tracks(path, out):
    import json
    data, top = load(path)
    info = moov_info(data, top)
    tracks = []
    for t in info["tracks"]:
        tid = t["tkhd"]["track_id"]
        tracks.append({
            "track_id": tid,
            "handler": t["handler"],
            "sample_entries": t["stsd"],
            "mdhd_timescale": t["mdhd"]["timescale"],
            "mvhd_timescale": info["mvhd"]["timescale"],
            "elst": None if t["elst"] is None else t["elst"]["entries"],
            "trex": info["trex"].get(tid),
        })
    out.write(json.dumps({"tracks": tracks}, indent=2) + "\n")


def cmd_extract(path, track_id, n):
    data, top = load(path)
    info = moov_info(data, top)
    k = 0
    for s in iter_samples(data, top, info):
        if s["track_id"] == track_id:
            if k == n:
                sys.stdout.buffer.write(data[s["offset"]:s["offset"] + s["size"]])
                return
            k += 1
    raise SystemExit("no sample %d in track %d" % (n, track_id))


def main(argv):
    if len(argv) == 3 and argv[1] == "layout":
        cmd_layout(argv[2], sys.stdout)
    elif len(argv) == 3 and argv[1] == "samples":
        cmd_samples(argv[2], sys.stdout)
    elif len(argv) == 3 and argv[1] == "tracks":
        cmd_tracks(argv[2], sys.stdout)
    elif len(argv) == 5 and argv[1] == "extract":
        cmd_extract(argv[2], int(argv[3]), int(argv[4]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:
        sys.exit(1)
