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


def moov_info(data, top, moov=None):
    if moov is None:
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
        t["stbl"] = trak.path(b"mdia", b"minf", b"stbl")
        info["tracks"].append(t)
    mvex = moov.find(b"mvex")
    if mvex is not None:
        for trex in mvex.findall(b"trex"):
            tr = parse_trex(data, trex)
            info["trex"][tr["track_id"]] = tr
    return info


# ---------------------------------------------------------------- sample tables (moov)

def _entries(data, box, fmt, skip=0):
    """Full box with a 32-bit entry_count (after `skip` bytes) and fixed-size entries."""
    v, flags, p = fullbox(data, box)
    p += skip
    (count,) = struct.unpack_from(">I", data, p)
    p += 4
    size = struct.calcsize(fmt)
    return v, [struct.unpack_from(fmt, data, p + i * size) for i in range(count)]


def parse_stbl(data, stbl):
    """Sample tables of one trak: stts, ctts (v0 unsigned / v1 signed), stsz or stz2, stsc,
    stco or co64, stss. Returns {"stts": [...], ..., "counts": {...}} of raw entries."""
    r = {}
    b = stbl.find(b"stts")
    r["stts"] = _entries(data, b, ">II")[1] if b is not None else []
    b = stbl.find(b"ctts")
    if b is not None:
        v, _, _ = fullbox(data, b)
        r["ctts_version"] = v
        r["ctts"] = _entries(data, b, ">Ii" if v == 1 else ">II")[1]
    else:
        r["ctts"] = None
    sizes = []
    b = stbl.find(b"stsz")
    if b is not None:
        r["size_box"] = "stsz"
        _, _, p = fullbox(data, b)
        sample_size, count = struct.unpack_from(">II", data, p)
        if sample_size:
            sizes = [sample_size] * count
        else:
            sizes = list(struct.unpack_from(">%dI" % count, data, p + 8))
    b2 = stbl.find(b"stz2")
    if b2 is not None:
        r["size_box"] = "stz2"
        _, _, p = fullbox(data, b2)
        field_size = data[p + 3]
        (count,) = struct.unpack_from(">I", data, p + 4)
        p += 8
        if field_size == 4:
            for i in range(count):
                byte = data[p + i // 2]
                sizes.append(byte >> 4 if i % 2 == 0 else byte & 0xF)
        elif field_size in (8, 16):
            fmt = ">%d%s" % (count, "B" if field_size == 8 else "H")
            sizes = list(struct.unpack_from(fmt, data, p))
        else:
            raise ValueError("stz2 field_size %d" % field_size)
    r["sizes"] = sizes
    b = stbl.find(b"stsc")
    r["stsc"] = _entries(data, b, ">III")[1] if b is not None else []
    b = stbl.find(b"stco")
    if b is not None:
        r["offset_box"] = "stco"
        r["chunks"] = [e[0] for e in _entries(data, b, ">I")[1]]
    b = stbl.find(b"co64")
    if b is not None:
        r["offset_box"] = "co64"
        r["chunks"] = [e[0] for e in _entries(data, b, ">Q")[1]]
    r.setdefault("chunks", [])
    b = stbl.find(b"stss")
    r["stss"] = None if b is None else [e[0] for e in _entries(data, b, ">I")[1]]
    return r


def table_samples(data, stbl):
    """The samples described by a trak's sample tables, in decode order (ISO/IEC 14496-12
    8.6.1.2 stts, 8.6.1.3 ctts, 8.7.3 stsz/stz2, 8.7.4 stsc, 8.7.5 stco/co64, 8.6.2 stss)."""
    t = parse_stbl(data, stbl)
    n = len(t["sizes"])
    durations = [d for count, d in t["stts"] for _ in range(count)]
    ctos = [0] * n if t["ctts"] is None else [o for count, o in t["ctts"] for _ in range(count)]
    if len(durations) != n or len(ctos) != n:
        raise ValueError("sample tables disagree: %d sizes, %d stts, %d ctts"
                         % (n, len(durations), len(ctos)))
    sync = None if t["stss"] is None else set(t["stss"])
    offsets = []
    stsc = t["stsc"]
    for ci, chunk_offset in enumerate(t["chunks"]):
        chunk = ci + 1
        per_chunk = 0
        for first, spc, _sdi in stsc:
            if first <= chunk:
                per_chunk = spc
        pos = chunk_offset
        for _ in range(per_chunk):
            if len(offsets) == n:
                break
            offsets.append(pos)
            pos += t["sizes"][len(offsets) - 1]
    if len(offsets) != n:
        raise ValueError("stsc/stco describe %d samples, stsz %d" % (len(offsets), n))
    dts = 0
    out = []
    for i in range(n):
        is_sync_sample = sync is None or (i + 1) in sync
        out.append({"offset": offsets[i], "size": t["sizes"][i], "dts": dts,
                    "pts": dts + ctos[i], "duration": durations[i],
                    # sample tables carry no sample_flags: 0 for a sync sample, else
                    # sample_is_non_sync_sample (0x00010000), as stss says
                    "flags": 0 if is_sync_sample else 0x00010000, "sync": is_sync_sample})
        dts += durations[i]
    return out, dts


def iter_samples(data, top, info=None):
    """Yield dicts for every sample, in file order: first the samples of each moov's sample
    tables (moof = -1, sorted by offset), then those of every moof. A later moov replaces the
    tracks of the earlier one (concatenated streams)."""
    next_dts = {}
    moof_index = -1
    for i, box in enumerate(top):
        if box.type == b"moov":
            info = moov_info(data, top, box)
            next_dts = {}
            from_tables = []
            for t in info["tracks"]:
                tid = t["tkhd"]["track_id"]
                if t["stbl"] is None:
                    continue
                samples, end = table_samples(data, t["stbl"])
                next_dts[tid] = end
                for s in samples:
                    if not any(m.type == b"mdat" and m.body <= s["offset"]
                               and s["offset"] + s["size"] <= m.end for m in top):
                        raise ValueError("sample outside every mdat: track %d at %d"
                                         % (tid, s["offset"]))
                    s.update({"track_id": tid, "moof": -1,
                              "md5": hashlib.md5(data[s["offset"]:s["offset"] + s["size"]]).hexdigest()})
                    from_tables.append(s)
            from_tables.sort(key=lambda s: s["offset"])
            for s in from_tables:
                yield s
            continue
        if box.type != b"moof":
            continue
        moof_index += 1
        mdat = next((m for m in top[i + 1:] if m.type == b"mdat"), None)
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

def layout_moov(data, top, moov, w):
    info = moov_info(data, top, moov)
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
        if t["stbl"] is not None:
            line = stbl_summary(data, t["stbl"])
            if line:
                w(line + "\n")
    for tid in sorted(info["trex"]):
        tr = info["trex"][tid]
        w("trex track_id=%d default_sample_description_index=%d default_sample_duration=%d "
          "default_sample_size=%d default_sample_flags=0x%08x\n"
          % (tid, tr["default_sample_description_index"], tr["default_sample_duration"],
             tr["default_sample_size"], tr["default_sample_flags"]))


def top_detail(data, b):
    """Extra words for the top-level list: header form and the fields of small boxes."""
    words = []
    (raw_size,) = struct.unpack_from(">I", data, b.offset)
    if raw_size == 1:
        words.append("largesize(64-bit)")
    elif raw_size == 0:
        words.append("size=0(to-end-of-file)")
    if b.type == b"styp":
        major, minor = struct.unpack_from(">4sI", data, b.body)
        brands = [fourcc(data[p:p + 4]) for p in range(b.body + 8, b.end, 4)]
        words.append("major=%s minor=%d compatible=%s" % (fourcc(major), minor, ",".join(brands)))
    elif b.type == b"sidx":
        v, _, p = fullbox(data, b)
        ref_id, ts = struct.unpack_from(">II", data, p)
        p += 8
        if v == 0:
            ept, first = struct.unpack_from(">II", data, p)
            p += 8
        else:
            ept, first = struct.unpack_from(">QQ", data, p)
            p += 16
        (count,) = struct.unpack_from(">xxH", data, p)
        p += 4
        refs = []
        for _ in range(count):
            a, dur, c = struct.unpack_from(">III", data, p)
            p += 12
            refs.append("%s%d/%d%s" % ("sidx:" if a >> 31 else "", a & 0x7FFFFFFF, dur,
                                       "/SAP" if c >> 31 else ""))
        words.append("version=%d reference_ID=%d timescale=%d earliest_presentation_time=%d "
                     "first_offset=%d references(size/duration)=%s"
                     % (v, ref_id, ts, ept, first, ",".join(refs)))
    elif b.type == b"emsg":
        v, _, p = fullbox(data, b)
        if v == 0:
            end = data.index(b"\0", p)
            scheme = data[p:end].decode("utf-8", "replace")
            end2 = data.index(b"\0", end + 1)
            value = data[end + 1:end2].decode("utf-8", "replace")
            ts, delta, dur, eid = struct.unpack_from(">IIII", data, end2 + 1)
            words.append("version=0 scheme=%s value=%s timescale=%d presentation_time_delta=%d "
                         "event_duration=%d id=%d" % (scheme, value, ts, delta, dur, eid))
        else:
            ts, ptime, dur, eid = struct.unpack_from(">IQII", data, p)
            end = data.index(b"\0", p + 20)
            scheme = data[p + 20:end].decode("utf-8", "replace")
            words.append("version=1 scheme=%s timescale=%d presentation_time=%d "
                         "event_duration=%d id=%d" % (scheme, ts, ptime, dur, eid))
    elif b.type == b"prft":
        v, flags, p = fullbox(data, b)
        tid, ntp = struct.unpack_from(">IQ", data, p)
        media = struct.unpack_from(">Q" if v == 1 else ">I", data, p + 12)[0]
        words.append("version=%d flags=%d reference_track_ID=%d ntp_timestamp=0x%016x "
                     "media_time=%d" % (v, flags, tid, ntp, media))
    elif b.type == b"uuid":
        words.append("usertype=%s" % data[b.offset + b.header - 16:b.offset + b.header].hex())
    return (" " + " ".join(words)) if words else ""


def stbl_summary(data, stbl):
    t = parse_stbl(data, stbl)
    if not t["sizes"]:
        return None
    return ("  stbl samples=%d stts_entries=%d ctts=%s %s %s_chunks=%d stsc_entries=%d "
            "stss=%s" % (len(t["sizes"]), len(t["stts"]),
                         "none" if t["ctts"] is None else "v%d/%d_entries" % (
                             t["ctts_version"], len(t["ctts"])),
                         t.get("size_box", "?"), t.get("offset_box", "?"), len(t["chunks"]),
                         len(t["stsc"]),
                         "none(all sync)" if t["stss"] is None else ",".join(map(str, t["stss"]))))


def cmd_layout(path, out):
    data, top = load(path)
    w = out.write
    w("# top-level boxes: type offset size\n")
    for b in top:
        w("%s %d %d%s\n" % (fourcc(b.type), b.offset, b.size, top_detail(data, b)))
    for moov in [b for b in top if b.type == b"moov"]:
        layout_moov(data, top, moov, w)
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
