// Prints, as JSON, what mp4box.js (GPAC's JavaScript MP4 parser) reports for each track of an
// MP4 file: track id, type, codec string, timescale, and width/height (video) or sample rate /
// channel count (audio). Usage: node codecs.mjs FILE.mp4
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as MP4Box from 'mp4box';

const file = process.argv[2];
if (!file) {
  console.error('usage: node codecs.mjs FILE.mp4');
  process.exit(2);
}

const bytes = readFileSync(file);
const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
buf.fileStart = 0;

const version = JSON.parse(
  readFileSync(fileURLToPath(new URL('./node_modules/mp4box/package.json', import.meta.url)), 'utf8'),
).version;

const mp4 = MP4Box.createFile();
let info = null;
mp4.onError = (...e) => {
  // Recorded as JSON so that a fixture mp4box.js rejects still has a codecs.json.
  process.stdout.write(JSON.stringify({ mp4box: version, error: e.join(' ') }, null, 2) + '\n');
  console.error('mp4box.js error:', ...e);
  process.exit(1);
};
mp4.onReady = (i) => {
  info = i;
};
mp4.appendBuffer(buf);
mp4.flush();
if (!info) {
  console.error('mp4box.js did not report the movie as ready (no moov?)');
  process.exit(1);
}

const video = new Set(info.videoTracks.map((t) => t.id));
const audio = new Set(info.audioTracks.map((t) => t.id));

const tracks = info.tracks.map((t) => {
  const out = {
    id: t.id,
    type: video.has(t.id) ? 'video' : audio.has(t.id) ? 'audio' : (t.type ?? 'other'),
    codec: t.codec,
    timescale: t.timescale,
  };
  if (out.type === 'video') {
    out.width = t.video?.width ?? t.track_width;
    out.height = t.video?.height ?? t.track_height;
  } else if (out.type === 'audio') {
    out.sampleRate = t.audio?.sample_rate;
    out.channelCount = t.audio?.channel_count;
  }
  return out;
});

const result = {
  mp4box: version,
  isFragmented: info.isFragmented,
  mime: info.mime,
  tracks,
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
