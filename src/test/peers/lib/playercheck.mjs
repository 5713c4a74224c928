// The verdict on one @moq/watch playback (player/entry.js record) against the dump served.
import { readDump, frameMicros } from "./dumpdir.mjs";

/** Luma variance of the canvas above which it is not blank (a flat frame is ~0). */
export const MIN_VARIANCE = 50;
/**
 * The painted timestamps must cover this share of the video's presentation span (CMAF paints
 * in bursts and may start late in the first fragment, MOQ-WIRE §12.7) and reach its last frame
 * within END_SLACK_MS.
 */
export const MIN_SPAN_SHARE = 0.5;
export const END_SLACK_MS = 100;

/** { problems: [string], facts } */
export function judgePlayback(rec, dumpDir) {
    const tracks = readDump(dumpDir);
    const catalogs = (tracks.get("catalog.json") ?? []).map((g) => JSON.parse(g.frames[0].toString("utf8")));
    const video = new Map();
    for (const c of catalogs) {
        for (const [name, r] of Object.entries(c.video?.renditions ?? {})) video.set(name, r);
    }
    const problems = [];
    const facts = {};
    if (video.size !== 1) problems.push(`the player check needs one video rendition, the dump has ${video.size}`);
    const [name, rendition] = [...video.entries()][0] ?? [];
    const groups = tracks.get(name) ?? [];
    const cmaf = rendition?.container?.kind === "cmaf";
    // What "frames served" means: legacy frames are one sample each; a CMAF frame is a fragment
    // (moof+mdat) that @moq/watch splits into its samples before it submits them to the decoder.
    const frames = groups.flatMap((g) => g.frames);
    const times = cmaf ? cmafSampleTimes(frames, rendition.container) : frames.map((f) => frameMicros(f));
    const samples = times.length;
    const firstMs = Math.min(...times) / 1000;
    const lastMs = Math.max(...times) / 1000;
    const spanMs = lastMs - firstMs;
    Object.assign(facts, {
        track: name,
        container: cmaf ? "cmaf" : "legacy",
        framesServed: frames.length,
        samplesServed: samples,
        frameCount: rec.frameCount,
        painted: rec.painted.length,
        paintedFirst: rec.painted[0],
        paintedLast: rec.painted.at(-1),
        videoFirstMs: Math.round(firstMs),
        videoLastMs: Math.round(lastMs),
        maxVariance: Math.round(rec.maxVariance),
        connection: rec.connection,
        broadcast: rec.broadcast,
        firstPaintMs: rec.firstPaintMs,
        timedOut: rec.timedOut,
    });
    if (!rec.connection.some(([, s]) => s === "connected")) problems.push(`connection never connected (${JSON.stringify(rec.connection)})`);
    if (!rec.broadcast.some(([, s]) => s === "live")) problems.push(`broadcast never live (${JSON.stringify(rec.broadcast)})`);
    if (rec.frameCount !== samples) problems.push(`frameCount ${rec.frameCount}, ${samples} video ${cmaf ? "samples in the fragments" : "frames"} served`);
    const painted = rec.painted;
    const advance = painted.length >= 2 ? painted.at(-1) - painted[0] : 0;
    if (painted.length < 2 || painted.some((t, i) => i > 0 && t < painted[i - 1])) {
        problems.push(`painted timestamp does not advance (${painted.length} distinct)`);
    } else if (advance < MIN_SPAN_SHARE * spanMs || painted.at(-1) < lastMs - END_SLACK_MS) {
        problems.push(`painted ${Math.round(painted[0])}..${Math.round(painted.at(-1))} ms, the clip's video is ${Math.round(firstMs)}..${Math.round(lastMs)} ms`);
    }
    if (!(rec.maxVariance > MIN_VARIANCE)) problems.push(`canvas blank: luma variance ${rec.maxVariance.toFixed(1)} ≤ ${MIN_VARIANCE}`);
    return { problems, facts };
}

/**
 * Presentation times (µs) of the samples of CMAF fragments (moof+mdat): tfdt plus the durations
 * of the samples before, plus each sample's composition offset; durations default from tfhd,
 * else from the init segment's trex.
 */
export function cmafSampleTimes(frames, container) {
    const init = Buffer.from(container.init, "base64");
    const trexDuration = new Map();
    walk(init, 0, init.length, (type, start) => {
        if (type === "moov" || type === "mvex") return true;
        if (type === "trex") trexDuration.set(init.readUInt32BE(start + 4), init.readUInt32BE(start + 12));
        return false;
    });
    const times = [];
    for (const f of frames) {
        let base = 0;
        let defaultDuration = 0;
        walk(f, 0, f.length, (type, start, end) => {
            if (type === "moof" || type === "traf") return true;
            const flags = f.readUInt32BE(start) & 0xffffff;
            const version = f[start];
            if (type === "tfhd") {
                const id = f.readUInt32BE(start + 4);
                let o = start + 8;
                if (flags & 0x01) o += 8;
                if (flags & 0x02) o += 4;
                defaultDuration = flags & 0x08 ? f.readUInt32BE(o) : trexDuration.get(id) ?? 0;
            } else if (type === "tfdt") {
                base = version === 1 ? Number(f.readBigUInt64BE(start + 4)) : f.readUInt32BE(start + 4);
            } else if (type === "trun") {
                const count = f.readUInt32BE(start + 4);
                let o = start + 8;
                if (flags & 0x01) o += 4;
                if (flags & 0x04) o += 4;
                let t = base;
                for (let i = 0; i < count; i++) {
                    let duration = defaultDuration;
                    let cts = 0;
                    if (flags & 0x100) {
                        duration = f.readUInt32BE(o);
                        o += 4;
                    }
                    if (flags & 0x200) o += 4;
                    if (flags & 0x400) o += 4;
                    if (flags & 0x800) {
                        cts = version === 1 ? f.readInt32BE(o) : f.readUInt32BE(o);
                        o += 4;
                    }
                    times.push(((t + cts) * 1e6) / container.timescale);
                    t += duration;
                }
                base = t;
            }
            return false;
        });
    }
    return times;
}

function walk(buf, offset, end, visit) {
    while (offset + 8 <= end) {
        let size = buf.readUInt32BE(offset);
        const type = buf.toString("latin1", offset + 4, offset + 8);
        let header = 8;
        if (size === 1) {
            size = Number(buf.readBigUInt64BE(offset + 8));
            header = 16;
        } else if (size === 0) size = end - offset;
        if (size < header || offset + size > end) return;
        if (visit(type, offset + header, offset + size)) walk(buf, offset + header, offset + size, visit);
        offset += size;
    }
}
