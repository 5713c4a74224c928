#!/usr/bin/env python3
"""Byte-level edits that turn an encoder's MP4 into a fixture no encoder at hand writes.

Standard library only. Every edit is documented in testdata/README.md; the sample bytes are
never changed, only box headers, metadata boxes and (for explicit-rate) the AudioSpecificConfig.

  patch.py zero-times IN OUT      set creation_time/modification_time of every mvhd, tkhd and
                                  mdhd to 0 (GStreamer writes the wall clock there; this makes
                                  its output reproducible). Sizes and offsets are unchanged.
                                  Also in the dead moov that mp4mux's first-moov-then-finalise
                                  mode leaves inside its final mdat (outside every sample).
  patch.py explicit-rate IN OUT   rewrite the AAC AudioSpecificConfig of the (single) mp4a track
                                  to the explicit-frequency form: samplingFrequencyIndex = 0xF
                                  followed by the 24-bit sampling frequency (same rate, same
                                  object type and channels). The ASC grows by 3 bytes; the esds
                                  keeps its size because the ES_Descriptor length, written by
                                  ffmpeg in the 4-byte form (80 80 80 nn), is rewritten in the
                                  1-byte form. No other byte moves.
  patch.py largesize IN OUT       rewrite every top-level box header except moof in the
                                  16-byte form (size = 1 + 64-bit largesize); trun data_offset
                                  values grow by 8 (the mdat header) and the tfra moof offsets
                                  of the mfra are moved with the boxes. (moof is left alone
                                  because ffmpeg 5.1 mis-reads a moof with a 64-bit header.)
  patch.py mdat-to-end IN OUT     drop the trailing mfra and give the last box (an mdat) size 0
                                  ("extends to the end of the file").
  patch.py insert-boxes IN OUT    insert free, skip, uuid, udta, meta, emsg and an (empty) mfra
                                  between the fragments (see BOXES below); tfra offsets moved.

  patch.py co64-stz2 IN OUT       in a file whose moov is the LAST box (so no sample moves):
                                  every stco becomes a co64 (same offsets, 64-bit) and every
                                  stsz a stz2 with 16-bit entries (refused if a size does not
                                  fit); the containers above them are resized.
  patch.py audio-nonsync IN OUT   in a fragmented audio-only file (default-base-is-moof, tfhd
                                  default_sample_flags, no per-sample flags in trun): the tfhd
                                  default_sample_flags of every second moof (the 2nd, 4th, ...)
                                  becomes 0x01010000 (sample_depends_on 1 + sample_is_non_sync):
                                  only the samples of the 1st, 3rd, ... fragment are sync, as a
                                  codec with dependent audio frames writes them. Same size.
  patch.py audio-stss IN OUT      in a file whose moov is the LAST box: an stss listing every
                                  8th sample (1, 9, 17, ...) is appended to the sound trak's
                                  stbl; the containers above it are resized (no sample moves).
  patch.py cbcs IN OUT            every schm scheme_type 'cenc' becomes 'cbcs' (same size; the
                                  samples stay CTR-encrypted, only the declared scheme changes).
  patch.py tfhd-outside IN OUT    the first tfhd with a base_data_offset gets one 1 MiB past the
                                  end of the file (same size).
  patch.py esds-bitrate IN OUT    the (single) mp4a's DecoderConfigDescriptor gets avgBitrate 0
                                  and maxBitrate 2200, and its btrt avgBitrate 0, maxBitrate 2200
                                  (same size): a declared maximum far below the real bitrate.
  patch.py cut-after-moov IN OUT  keep the file up to the end of its moov (which must come
                                  before the mdat): a progressive download cut short.
  patch.py concat OUT IN...       write the concatenation of the input files (HLS/DASH init +
                                  segments, or two whole streams) to OUT.

The sources must use default-base-is-moof or first-traf-relative data offsets and no sample
tables (fragmented with empty_moov): absolute offsets other than tfra are not rewritten, and the
tool refuses a file with tfhd base_data_offset or non-empty stco/co64.
"""
import struct
import sys


def top_boxes(data):
    """[(type, offset, size, header_size)] of the top-level boxes."""
    out = []
    pos = 0
    while pos < len(data):
        size, btype = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = len(data) - pos
        if size < header or pos + size > len(data):
            raise SystemExit("bad box %r at %d" % (btype, pos))
        out.append((btype, pos, size, header))
        pos += size
    return out


def children(data, start, end):
    pos = start
    while pos + 8 <= end:
        size, btype = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        if size < 8 or pos + size > end:
            raise SystemExit("bad box %r at %d" % (btype, pos))
        yield btype, pos, size, header
        pos += size


def walk(data, start, end, path=()):
    """Depth-first (path, type, offset, size, header) of the container boxes we need."""
    for btype, pos, size, header in children(data, start, end):
        yield path + (btype,), btype, pos, size, header
        if btype in (b"moov", b"trak", b"mdia", b"minf", b"stbl", b"moof", b"traf", b"mfra"):
            yield from walk(data, pos + header, pos + size, path + (btype,))


def refuse_absolute_offsets(data):
    for path, btype, pos, size, header in walk(data, 0, len(data)):
        body = pos + header
        if btype == b"tfhd" and struct.unpack_from(">I", data, body)[0] & 1:
            raise SystemExit("tfhd with base_data_offset at %d: not supported" % pos)
        if btype in (b"stco", b"co64") and struct.unpack_from(">I", data, body + 4)[0]:
            raise SystemExit("non-empty %s at %d: not supported" % (btype.decode(), pos))


def rebuild(data, pieces):
    """pieces: list of (old_offset or None, bytes). Returns the new file, with tfra moof
    offsets mapped from old to new box offsets."""
    mapping = {}
    out = bytearray()
    for old, blob in pieces:
        if old is not None:
            mapping[old] = len(out)
        out += blob
    # fix tfra entries (moof_offset) in every mfra of the new file
    for path, btype, pos, size, header in walk(bytes(out), 0, len(out)):
        if btype != b"tfra":
            continue
        body = pos + header
        vf = struct.unpack_from(">I", out, body)[0]
        version = vf >> 24
        lens = struct.unpack_from(">I", out, body + 8)[0]
        (count,) = struct.unpack_from(">I", out, body + 12)
        p = body + 16
        entry = (16 if version == 1 else 8) + ((lens >> 4) & 3) + 1 + ((lens >> 2) & 3) + 1 \
            + (lens & 3) + 1
        for _ in range(count):
            fmt = ">Q" if version == 1 else ">I"
            off_pos = p + (8 if version == 1 else 4)
            old = struct.unpack_from(fmt, out, off_pos)[0]
            if old not in mapping:
                raise SystemExit("tfra points at %d, not a top-level box start" % old)
            struct.pack_into(fmt, out, off_pos, mapping[old])
            p += entry
    return bytes(out)


def _zero_header_times(out, body):
    if out[body] == 1:
        out[body + 4:body + 20] = bytes(16)
    else:
        out[body + 4:body + 12] = bytes(8)


def cmd_zero_times(data):
    out = bytearray(data)
    for path, btype, pos, size, header in walk(data, 0, len(data)):
        if btype in (b"mvhd", b"tkhd", b"mdhd"):
            _zero_header_times(out, pos + header)
    # GStreamer's mp4mux fragment-mode=first-moov-then-finalise leaves the moov/moof boxes it
    # wrote first as dead bytes inside the final mdat (no sample points at them). Their
    # mvhd/tkhd/mdhd carry the wall clock too: find them outside every sample's bytes.
    import os
    import re
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import boxdump
    top = boxdump.parse_boxes(data, 0, len(data))
    used = sorted((s["offset"], s["offset"] + s["size"])
                  for s in boxdump.iter_samples(data, top))
    sizes = {b"mvhd": (108, 120), b"tkhd": (92, 104), b"mdhd": (32, 44)}
    for btype, allowed in sizes.items():
        for m in re.finditer(re.escape(btype), data):
            pos = m.start() - 4
            if pos < 0 or struct.unpack_from(">I", data, pos)[0] not in allowed:
                continue
            end = pos + struct.unpack_from(">I", data, pos)[0]
            if any(a < end and pos < b for a, b in used):
                continue
            _zero_header_times(out, pos + 8)
    return bytes(out)


def cmd_explicit_rate(data):
    out = bytearray(data)
    found = 0
    for path, btype, pos, size, header in walk(data, 0, len(data)):
        if btype != b"stsd":
            continue
        entry = pos + header + 8
        esize, etype = struct.unpack_from(">I4s", data, entry)
        if etype != b"mp4a":
            continue
        # mp4a sample entry: 8 header + 28 bytes, then child boxes (esds)
        for ctype, cpos, csize, chdr in children(data, entry + 36, entry + esize):
            if ctype == b"esds":
                patch_esds(out, cpos + chdr + 4, cpos + csize)
                found += 1
    if found != 1:
        raise SystemExit("expected exactly one mp4a/esds, found %d" % found)
    return bytes(out)


def read_descr(buf, p):
    """tag, length, header length of the MPEG-4 descriptor at p."""
    tag = buf[p]
    length = 0
    q = p + 1
    while True:
        b = buf[q]
        q += 1
        length = (length << 7) | (b & 0x7F)
        if not b & 0x80:
            break
    return tag, length, q - p


def patch_esds(out, start, end):
    tag, es_len, es_hdr = read_descr(out, start)
    if tag != 0x03 or es_hdr != 5:
        raise SystemExit("ES_Descriptor is not in ffmpeg's 4-byte length form")
    p = start + es_hdr + 3  # ES_ID (2) + flags (1); ffmpeg sets no optional fields
    if out[start + es_hdr + 2] != 0:
        raise SystemExit("ES_Descriptor has optional fields")
    tag, dc_len, dc_hdr = read_descr(out, p)
    if tag != 0x04 or dc_hdr != 5:
        raise SystemExit("DecoderConfigDescriptor is not in the 4-byte length form")
    q = p + dc_hdr + 13
    tag, asc_len, asc_hdr = read_descr(out, q)
    if tag != 0x05 or asc_hdr != 5:
        raise SystemExit("DecoderSpecificInfo is not in the 4-byte length form")
    asc = bytes(out[q + asc_hdr:q + asc_hdr + asc_len])
    bits = int.from_bytes(asc, "big")
    nbits = 8 * len(asc)
    aot = bits >> (nbits - 5)
    index = (bits >> (nbits - 9)) & 0xF
    channels = (bits >> (nbits - 13)) & 0xF
    rest_bits = nbits - 13
    rest = bits & ((1 << rest_bits) - 1)
    rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
             8000, 7350]
    if aot == 31 or index == 0xF:
        raise SystemExit("ASC %s already uses an escape" % asc.hex())
    rate = rates[index]
    new_bits = (((((aot << 4) | 0xF) << 24 | rate) << 4 | channels) << rest_bits) | rest
    new_asc = new_bits.to_bytes(len(asc) + 3, "big")
    # new esds body: ES_Descriptor with a 1-byte length, the rest with ffmpeg's 4-byte lengths
    es_body = bytearray(out[start + es_hdr:start + es_hdr + es_len])
    rel = q - (start + es_hdr)
    dc_rel = p - (start + es_hdr)
    es_body[rel:rel + asc_hdr + asc_len] = bytes([0x05, 0x80, 0x80, 0x80, len(new_asc)]) + new_asc
    dc_len += 3
    es_body[dc_rel + 1:dc_rel + 5] = bytes([0x80, 0x80, 0x80, dc_len])
    if len(es_body) > 127:
        raise SystemExit("ES_Descriptor too long for a 1-byte length")
    new = bytes([0x03, len(es_body)]) + bytes(es_body)
    if len(new) != end - start:
        raise SystemExit("esds size changed: %d -> %d" % (end - start, len(new)))
    out[start:end] = new
    sys.stderr.write("ASC %s -> %s (explicit %d Hz)\n" % (asc.hex(), new_asc.hex(), rate))


def shift_trun_offsets(data, moof_pos, moof_size, delta):
    """The moof's bytes with delta added to every trun data_offset."""
    out = bytearray(data[moof_pos:moof_pos + moof_size])
    for path, btype, pos, size, header in walk(data, moof_pos, moof_pos + moof_size):
        if btype == b"trun":
            body = pos + header
            if struct.unpack_from(">I", data, body)[0] & 1:
                rel = body + 8 - moof_pos
                (off,) = struct.unpack_from(">i", out, rel)
                struct.pack_into(">i", out, rel, off + delta)
    return bytes(out)


# ffmpeg 5.1's mov demuxer takes the moof's start as (position after the moof header) - 8, so
# a moof with a 16-byte header makes it read every sample 8 bytes late. The fixture therefore
# uses 64-bit headers on every top-level box except moof (ffprobe can then cross-check it).
LARGESIZE_MOOF = False


def cmd_largesize(data):
    refuse_absolute_offsets(data)
    boxes = top_boxes(data)
    pieces = []
    for i, (btype, pos, size, header) in enumerate(boxes):
        if btype == b"moof":
            # The moof keeps its 32-bit header (see LARGESIZE_MOOF); its data offsets are
            # relative to the moof start, and the following mdat's header grows by 8 bytes.
            if i + 1 >= len(boxes) or boxes[i + 1][0] != b"mdat":
                raise SystemExit("moof at %d is not followed by its mdat" % pos)
            blob = shift_trun_offsets(data, pos, size, 8 if not LARGESIZE_MOOF else 16)
            if not LARGESIZE_MOOF:
                pieces.append((pos, blob))
                continue
        else:
            blob = data[pos:pos + size]
        body = blob[header:]
        pieces.append((pos, struct.pack(">I4sQ", 1, btype, 16 + len(body)) + body))
    return rebuild(data, pieces)


def cmd_mdat_to_end(data):
    boxes = top_boxes(data)
    if boxes[-1][0] == b"mfra":
        boxes = boxes[:-1]
    btype, pos, size, header = boxes[-1]
    if btype != b"mdat" or header != 8:
        raise SystemExit("the last box (before mfra) is not an mdat with a 32-bit size")
    out = bytearray(data[:pos + size])
    struct.pack_into(">I", out, pos, 0)
    return bytes(out)


def box(btype, body):
    return struct.pack(">I4s", 8 + len(body), btype) + body


def fullbox(btype, version, flags, body):
    return box(btype, struct.pack(">I", (version << 24) | flags) + body)


# What insert-boxes puts where ("after the moov", "before moof #k").
UUID = bytes.fromhex("6d6f712d6d75782d746573742d757569")  # "moq-mux-test-uui"
BOXES = {
    "after_moov": [
        box(b"free", b"\0" * 16),
        box(b"udta", fullbox(b"meta", 0, 0,
                             fullbox(b"hdlr", 0, 0, b"\0\0\0\0mdir" + b"\0" * 12 + b"\0"))),
    ],
    "before_moof_1": [
        # DASH emsg version 0 (ISO/IEC 23009-1 5.10.3.3)
        fullbox(b"emsg", 0, 0, b"urn:moq-mux:test\0" + b"1\0" + struct.pack(">IIII", 1000, 0, 500, 1)
                + b"event message"),
        fullbox(b"emsg", 1, 0, struct.pack(">IQII", 1000, 500, 0, 2) + b"urn:moq-mux:test\0"
                + b"2\0" + b"version 1"),
        box(b"skip", b"skipped bytes"),
    ],
    "before_moof_2": [
        box(b"uuid", UUID + b"opaque user data"),
        fullbox(b"meta", 0, 0, fullbox(b"hdlr", 0, 0, b"\0\0\0\0null" + b"\0" * 12 + b"\0")),
        # an mfra between fragments: only its mfro (size of the mfra = 16 bytes)
        box(b"mfra", fullbox(b"mfro", 0, 0, struct.pack(">I", 24))),
    ],
}


def cmd_insert_boxes(data):
    refuse_absolute_offsets(data)
    pieces = []
    moof = 0
    for btype, pos, size, header in top_boxes(data):
        if btype == b"moof":
            for blob in BOXES.get("before_moof_%d" % moof, []):
                pieces.append((None, blob))
            moof += 1
        pieces.append((pos, data[pos:pos + size]))
        if btype == b"moov":
            for blob in BOXES["after_moov"]:
                pieces.append((None, blob))
    if moof < 3:
        raise SystemExit("need at least 3 moofs, found %d" % moof)
    return rebuild(data, pieces)


def _rebuild_tables(data, start, end):
    """Serialise the boxes in [start, end), recursing into the sample-table containers and
    replacing stco by co64 and stsz by stz2 (16-bit)."""
    out = b""
    for btype, pos, size, header in children(data, start, end):
        body_start = pos + header
        if btype in (b"moov", b"trak", b"mdia", b"minf", b"stbl"):
            out += box(btype, _rebuild_tables(data, body_start, pos + size))
        elif btype == b"stco":
            (count,) = struct.unpack_from(">I", data, body_start + 4)
            offsets = struct.unpack_from(">%dI" % count, data, body_start + 8)
            out += fullbox(b"co64", 0, 0, struct.pack(">I%dQ" % count, count, *offsets))
        elif btype == b"stsz":
            sample_size, count = struct.unpack_from(">II", data, body_start + 4)
            sizes = ([sample_size] * count if sample_size
                     else list(struct.unpack_from(">%dI" % count, data, body_start + 12)))
            if any(s > 0xFFFF for s in sizes):
                raise SystemExit("a sample is too large for a 16-bit stz2")
            out += fullbox(b"stz2", 0, 0, struct.pack(">3xBI%dH" % count, 16, count, *sizes))
        else:
            if header != 8:
                raise SystemExit("64-bit box inside the moov: not supported")
            out += data[pos:pos + size]
    return out


def cmd_co64_stz2(data):
    boxes = top_boxes(data)
    btype, pos, size, header = boxes[-1]
    if btype != b"moov":
        raise SystemExit("the moov is not the last box")
    return data[:pos] + _rebuild_tables(data, pos, pos + size)


NONSYNC_FLAGS = 0x01010000


def _tfhd_default_flags_pos(data, pos, header):
    """Offset of the default_sample_flags field of the tfhd at pos, or None."""
    body = pos + header
    flags = struct.unpack_from(">I", data, body)[0] & 0xFFFFFF
    if not flags & 0x20:
        return None
    p = body + 8  # version/flags + track_ID
    for bit, width in ((0x1, 8), (0x2, 4), (0x8, 4), (0x10, 4)):
        if flags & bit:
            p += width
    return p


def cmd_audio_nonsync(data):
    refuse_absolute_offsets(data)
    out = bytearray(data)
    moofs = [b for b in top_boxes(data) if b[0] == b"moof"]
    patched = 0
    for index, (btype, mpos, msize, mheader) in enumerate(moofs):
        if index % 2 == 0:
            continue
        for path, t, pos, size, header in walk(data, mpos, mpos + msize):
            if t == b"trun" and struct.unpack_from(">I", data, pos + header)[0] & 0x404:
                raise SystemExit("trun with sample flags at %d: not supported" % pos)
            if t != b"tfhd":
                continue
            p = _tfhd_default_flags_pos(data, pos, header)
            if p is None:
                raise SystemExit("tfhd at %d has no default_sample_flags" % pos)
            struct.pack_into(">I", out, p, NONSYNC_FLAGS)
            patched += 1
    if not patched:
        raise SystemExit("no fragment patched")
    return bytes(out)


def _handler(data, start, end):
    for path, btype, pos, size, header in walk(data, start, end):
        if btype == b"hdlr":
            return data[pos + header + 8:pos + header + 12]
    return None


def _add_stss(data, start, end, sound):
    out = b""
    for btype, pos, size, header in children(data, start, end):
        body_start = pos + header
        if header != 8:
            raise SystemExit("64-bit box inside the moov: not supported")
        if btype == b"trak":
            out += box(btype, _add_stss(data, body_start, pos + size,
                                        _handler(data, body_start, pos + size) == b"soun"))
        elif btype in (b"moov", b"mdia", b"minf"):
            out += box(btype, _add_stss(data, body_start, pos + size, sound))
        elif btype == b"stbl" and sound:
            inner = data[body_start:pos + size]
            count = None
            for ctype, cpos, csize, chdr in children(data, body_start, pos + size):
                if ctype == b"stss":
                    raise SystemExit("the sound trak already has an stss")
                if ctype == b"stsz":
                    count = struct.unpack_from(">I", data, cpos + chdr + 8)[0]
            if not count:
                raise SystemExit("no samples in the sound trak")
            sync = list(range(1, count + 1, 8))
            out += box(btype, inner + fullbox(b"stss", 0, 0,
                                              struct.pack(">I%dI" % len(sync), len(sync), *sync)))
        else:
            out += data[pos:pos + size]
    return out


def cmd_audio_stss(data):
    boxes = top_boxes(data)
    btype, pos, size, header = boxes[-1]
    if btype != b"moov":
        raise SystemExit("the moov is not the last box")
    return data[:pos] + _add_stss(data, pos, pos + size, False)


def cmd_cbcs(data):
    out = bytearray(data)
    found = 0
    start = 0
    while True:
        i = data.find(b"schm", start)
        if i < 0:
            break
        start = i + 4
        if data[i + 8:i + 12] == b"cenc":
            out[i + 8:i + 12] = b"cbcs"
            found += 1
    if not found:
        raise SystemExit("no schm 'cenc' found")
    return bytes(out)


def cmd_tfhd_outside(data):
    out = bytearray(data)
    for path, btype, pos, size, header in walk(data, 0, len(data)):
        if btype == b"tfhd" and struct.unpack_from(">I", data, pos + header)[0] & 1:
            struct.pack_into(">Q", out, pos + header + 8, len(data) + (1 << 20))
            return bytes(out)
    raise SystemExit("no tfhd with base_data_offset")


def cmd_esds_bitrate(data):
    out = bytearray(data)
    found = 0
    for path, btype, pos, size, header in walk(data, 0, len(data)):
        if btype != b"stsd":
            continue
        entry = pos + header + 8
        esize, etype = struct.unpack_from(">I4s", data, entry)
        if etype != b"mp4a":
            continue
        for ctype, cpos, csize, chdr in children(data, entry + 36, entry + esize):
            if ctype == b"esds":
                start = cpos + chdr + 4
                tag, es_len, es_hdr = read_descr(out, start)
                p = start + es_hdr + 3
                tag, dc_len, dc_hdr = read_descr(out, p)
                if tag != 0x04:
                    raise SystemExit("no DecoderConfigDescriptor")
                # objectTypeIndication (1), streamType (1), bufferSizeDB (3), max (4), avg (4)
                struct.pack_into(">II", out, p + dc_hdr + 5, 2200, 0)
                found += 1
            elif ctype == b"btrt":
                # bufferSizeDB (4), maxBitrate (4), avgBitrate (4)
                struct.pack_into(">II", out, cpos + chdr + 4, 2200, 0)
    if found != 1:
        raise SystemExit("expected exactly one mp4a/esds, found %d" % found)
    return bytes(out)



def cmd_cut_after_moov(data):
    for btype, pos, size, header in top_boxes(data):
        if btype == b"mdat":
            raise SystemExit("the mdat comes before the moov")
        if btype == b"moov":
            return data[:pos + size]
    raise SystemExit("no moov")


COMMANDS = {
    "zero-times": cmd_zero_times,
    "explicit-rate": cmd_explicit_rate,
    "largesize": cmd_largesize,
    "mdat-to-end": cmd_mdat_to_end,
    "insert-boxes": cmd_insert_boxes,
    "co64-stz2": cmd_co64_stz2,
    "audio-nonsync": cmd_audio_nonsync,
    "audio-stss": cmd_audio_stss,
    "cbcs": cmd_cbcs,
    "tfhd-outside": cmd_tfhd_outside,
    "esds-bitrate": cmd_esds_bitrate,
    "cut-after-moov": cmd_cut_after_moov,
}


def main(argv):
    if len(argv) >= 4 and argv[1] == "concat":
        with open(argv[2], "wb") as out:
            for name in argv[3:]:
                with open(name, "rb") as f:
                    out.write(f.read())
        return 0
    if len(argv) != 4 or argv[1] not in COMMANDS:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[2], "rb") as f:
        data = f.read()
    out = COMMANDS[argv[1]](data)
    with open(argv[3], "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
