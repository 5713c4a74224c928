// Muxes a VP8 IVF file (and optionally the Opus track of an ffmpeg-made MP4) into a fragmented
// MP4 with mp4box.js's writer, because ffmpeg 5.1's mp4 muxer refuses VP8 ("codec not currently
// supported in container").
//
// Usage: node mux_vp8.mjs VIDEO.ivf [OPUS_SOURCE.mp4] OUT.mp4
//
// mp4box.js writes one moof+mdat per sample (ISOFile.addSample). mp4box.js cannot serialize a
// vpcC or dOps box itself, so they are written as raw boxes:
//  - vpcC (VP Codec ISO Media File Format Binding, version 1): profile 0, level 0 (VP8 has no
//    levels), bitDepth 8, chromaSubsampling 1 (4:2:0 co-located), full range 0, colour primaries /
//    transfer / matrix 2 (unspecified, as ffmpeg writes for these inputs), no init data;
//  - dOps: copied byte for byte from the ffmpeg-made source file.
// Sample bytes are copied unchanged from the inputs.
import { readFileSync, writeFileSync } from 'node:fs';
import * as MP4Box from 'mp4box';

const args = process.argv.slice(2);
if (args.length !== 2 && args.length !== 3) {
  console.error('usage: node mux_vp8.mjs VIDEO.ivf [OPUS_SOURCE.mp4] OUT.mp4');
  process.exit(2);
}
const [ivfPath, opusPath, outPath] = args.length === 3 ? args : [args[0], null, args[1]];

// ---------------------------------------------------------------- IVF
function readIvf(path) {
  const b = readFileSync(path);
  if (b.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const headerLen = b.readUInt16LE(6);
  const fourcc = b.toString('latin1', 8, 12);
  if (fourcc !== 'VP80') throw new Error('IVF codec is ' + fourcc + ', not VP80');
  const width = b.readUInt16LE(12);
  const height = b.readUInt16LE(14);
  const rate = b.readUInt32LE(16); // time base denominator
  const scale = b.readUInt32LE(20); // time base numerator
  const frames = [];
  let p = headerLen;
  while (p + 12 <= b.length) {
    const size = b.readUInt32LE(p);
    const pts = Number(b.readBigUInt64LE(p + 4));
    const data = b.subarray(p + 12, p + 12 + size);
    // VP8 frame tag, RFC 6386 9.1: bit 0 of the first byte is 0 for a key frame
    frames.push({ pts, data, key: (data[0] & 1) === 0 });
    p += 12 + size;
  }
  return { width, height, rate, scale, frames };
}

// ---------------------------------------------------------------- Opus source (ffmpeg MP4)
function readOpus(path) {
  const bytes = readFileSync(path);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  buf.fileStart = 0;
  const f = MP4Box.createFile();
  let info = null;
  const samples = [];
  f.onError = (...e) => {
    throw new Error('mp4box.js: ' + e.join(' '));
  };
  f.onReady = (i) => {
    info = i;
    const t = info.audioTracks.find((a) => a.codec === 'Opus');
    if (!t) throw new Error('no Opus track in ' + path);
    f.setExtractionOptions(t.id, null, { nbSamples: 1e9 });
    f.start();
  };
  f.onSamples = (_id, _user, s) => {
    for (const x of s) samples.push({ dts: x.dts, duration: x.duration, data: Uint8Array.from(x.data) });
  };
  f.appendBuffer(buf);
  f.flush();
  const t = info.audioTracks.find((a) => a.codec === 'Opus');
  const trak = f.getTrackById(t.id);
  const entry = trak.mdia.minf.stbl.stsd.entries[0];
  // locate the raw dOps box inside the sample entry bytes of the source file
  const dops = entry.boxes.find((x) => x.type === 'dOps');
  if (!dops) throw new Error('no dOps in ' + path);
  const dopsBody = bytes.subarray(dops.start + dops.hdr_size, dops.start + dops.size);
  if (samples.length !== t.nb_samples) throw new Error('extracted ' + samples.length + ' of ' + t.nb_samples);
  return {
    timescale: t.timescale,
    channels: entry.channel_count,
    samplerate: entry.samplerate,
    dopsBody,
    samples,
  };
}

function rawBox(type, body) {
  const b = new MP4Box.Box();
  b.type = type;
  b.data = Uint8Array.from(body);
  return b;
}

// ---------------------------------------------------------------- mux
const ivf = readIvf(ivfPath);
if (ivf.scale !== 1) throw new Error('expected an IVF time base of 1/N');
const videoTimescale = 15360; // what ffmpeg's mp4 muxer picks for 30 fps
const tick = videoTimescale / ivf.rate;
const opus = opusPath ? readOpus(opusPath) : null;

const out = MP4Box.createFile();
out.init({ timescale: 1000, brands: ['iso6', 'mp41'] }); // ftyp + moov/mvhd (movie timescale 1000)
// vpcC version 1, flags 0 (a FullBox: 4 bytes version/flags, then the record)
const vpcC = rawBox('vpcC', [1, 0, 0, 0, /* profile */ 0, /* level */ 0,
  /* bitDepth 8 << 4 | chroma 1 << 1 | full range 0 */ 0x82,
  /* primaries, transfer, matrix */ 2, 2, 2, /* init data size */ 0, 0]);
const vid = out.addTrack({
  type: 'vp08',
  width: ivf.width,
  height: ivf.height,
  timescale: videoTimescale,
  hdlr: 'vide',
  name: 'VideoHandler',
  language: 'und',
  description_boxes: [vpcC],
});
let aud = null;
if (opus) {
  aud = out.addTrack({
    type: 'Opus',
    timescale: opus.timescale,
    hdlr: 'soun',
    name: 'SoundHandler',
    language: 'und',
    channel_count: opus.channels,
    samplesize: 16,
    samplerate: opus.samplerate,
    description_boxes: [rawBox('dOps', opus.dopsBody)],
  });
}

// interleave by decode time (seconds)
const items = ivf.frames.map((fr, i) => {
  const next = ivf.frames[i + 1];
  const dur = next ? (next.pts - fr.pts) * tick : tick;
  return { t: fr.pts / ivf.rate, track: vid, data: fr.data, dts: fr.pts * tick, duration: dur, sync: fr.key };
});
if (opus) {
  for (const s of opus.samples) {
    items.push({ t: s.dts / opus.timescale, track: aud, data: s.data, dts: s.dts, duration: s.duration, sync: true });
  }
}
items.sort((a, b) => a.t - b.t || a.track - b.track);
for (const it of items) {
  out.addSample(it.track, it.data, {
    dts: it.dts,
    cts: it.dts,
    duration: it.duration,
    is_sync: it.sync,
    depends_on: it.track === vid ? (it.sync ? 2 : 1) : 2,
  });
}
const stream = out.getBuffer();
writeFileSync(outPath, new Uint8Array(stream.buffer, 0, stream.getPosition()));
