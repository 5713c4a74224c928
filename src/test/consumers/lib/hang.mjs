// Validation with the published @moq/hang package: its catalog schema and its own container
// consumers, for 0.2.4 (the catalog format moq-mux writes) and for the newest release.
// Needs the shims of lib/shims.mjs (node --import ./lib/shims.mjs).
import { readFileSync } from "node:fs";
import { md5 } from "./dump.mjs";

const installedVersion = (alias) =>
    JSON.parse(readFileSync(new URL(`../node_modules/${alias}/package.json`, import.meta.url), "utf8")).version;

const STALL_MS = 10_000;
// The consumers skip groups to keep latency under this target; we feed a whole file at once, so
// make it larger than any fixture (1 hour, in ms).
const NO_SKIP_MS = 3_600_000;

export async function loadHang() {
    const v024 = {
        version: installedVersion("hang-0.2.4"),
        Catalog: await import("hang-0.2.4/catalog"),
        Container: await import("hang-0.2.4/container"),
        Lite: await import("@moq/lite"),
    };
    const latest = {
        version: installedVersion("hang-latest"),
        Catalog: await import("hang-latest/catalog"),
        Container: await import("hang-latest/container"),
        Net: await import("@moq/net"),
    };
    return { v024, latest };
}

/** Top-level keys we wrote that a parse dropped, per rendition (informational). */
function stripped(ours, parsed) {
    const notes = [];
    for (const kind of ["video", "audio"]) {
        for (const [name, config] of Object.entries(ours[kind]?.renditions ?? {})) {
            const got = parsed[kind]?.renditions?.[name] ?? {};
            for (const key of Object.keys(config)) {
                if (!(key in got)) notes.push(`${name}.${key}`);
                else if (key === "container") {
                    for (const ck of Object.keys(config.container)) {
                        if (!(ck in got.container)) notes.push(`${name}.container.${ck}`);
                    }
                }
            }
        }
    }
    return notes;
}

/**
 * Every catalog.json group must be accepted by the version's schema (0.2.4: its own decode(),
 * which is JSON.parse + RootSchema.parse; newest: RootSchema.parse). Returns
 * { ok, errors[], ignored[] } where ignored lists fields the schema silently drops.
 */
export function checkCatalogs(hang, catalogs) {
    const errors = [];
    const ignored = new Set();
    for (const c of catalogs) {
        try {
            const parsed = hang.Catalog.decode
                ? hang.Catalog.decode(new Uint8Array(c.bytes))
                : hang.Catalog.RootSchema.parse(JSON.parse(c.bytes.toString("utf8")));
            for (const n of stripped(c.json, parsed)) ignored.add(n);
            // The newest hang keeps unknown containers as {kind:"unknown"} instead of failing:
            // for us that is a rejection too.
            for (const kind of ["video", "audio"]) {
                for (const [name, config] of Object.entries(parsed[kind]?.renditions ?? {})) {
                    if (config.container?.kind === "unknown") errors.push(`group ${c.sequence}: ${name} container not recognised`);
                }
            }
        } catch (e) {
            errors.push(`group ${c.sequence}: ${String(e.message ?? e).replace(/\s+/g, " ").slice(0, 300)}`);
        }
    }
    return { ok: errors.length === 0, errors, ignored: [...ignored] };
}

async function drain(consumer, expectedFrames, expectedGroups, timeoutMs = STALL_MS) {
    // Read until every expected group has ended (the consumer reports a group's end as
    // { frame: undefined }). The consumers never report the end of the track itself.
    const got = [];
    const ended = new Set();
    const deadline = Date.now() + timeoutMs;
    while (ended.size < expectedGroups || got.length < expectedFrames) {
        const left = deadline - Date.now();
        if (left <= 0) return { got, stalled: true };
        let timer;
        const next = await Promise.race([
            consumer.next(),
            new Promise((resolve) => { timer = setTimeout(() => resolve("timeout"), left); }),
        ]);
        clearTimeout(timer);
        if (next === "timeout") return { got, stalled: true };
        if (next === undefined) break;
        if (next.frame === undefined) ended.add(next.group);
        else got.push({ group: next.group, frame: next.frame });
    }
    return { got, stalled: false };
}

function compare(expected, got, { tolerance = 0, checkGroups = true, keyframes }) {
    const problems = [];
    if (got.length !== expected.length) problems.push(`${got.length} frames read, ${expected.length} written`);
    const n = Math.min(got.length, expected.length);
    for (let i = 0; i < n && problems.length < 5; i++) {
        const e = expected[i];
        const g = got[i];
        const payload = g.frame.data ?? g.frame.payload;
        if (checkGroups && g.group !== e.group) problems.push(`frame ${i}: group ${g.group}, wrote ${e.group}`);
        if (Math.abs(Number(g.frame.timestamp) - e.timestamp) > tolerance) {
            problems.push(`frame ${i}: timestamp ${g.frame.timestamp} µs, wrote ${e.timestamp}`);
        }
        if (keyframes && g.frame.keyframe !== keyframes[i]) problems.push(`frame ${i}: keyframe ${g.frame.keyframe}, wrote ${keyframes[i]}`);
        if (md5(payload) !== md5(e.payload)) problems.push(`frame ${i}: payload differs (${payload.byteLength} bytes, wrote ${e.payload.length})`);
    }
    return problems;
}

/** 0.2.4: Container.Legacy.Consumer over an in-memory @moq/lite Track. */
export async function legacy024(hang, groups, expected) {
    const track = new hang.Lite.Track("t");
    const consumer = new hang.Container.Legacy.Consumer(track, { latency: NO_SKIP_MS });
    for (const g of groups) {
        const group = new hang.Lite.Group(g.sequence);
        track.writeGroup(group);
        for (const f of g.frames) group.writeFrame(new Uint8Array(f));
        group.close();
    }
    track.close();
    const { got, stalled } = await drain(consumer, expected.length, groups.length);
    consumer.close();
    const problems = compare(expected, got, { keyframes: expected.map((e) => e.index === 0) });
    if (stalled) problems.unshift(`consumer stalled after ${got.length} frames`);
    return problems;
}

function netTrack(hang, groups) {
    const producer = new hang.Net.Track.Producer("t");
    producer.accept(hang.Container.trackInfo());
    const subscriber = producer.subscribe();
    return {
        subscriber,
        feed() {
            for (const g of groups) {
                const group = new hang.Net.Group.Producer(g.sequence);
                producer.writeGroup(group);
                for (const f of g.frames) group.writeFrame({ payload: new Uint8Array(f), timestamp: 0 });
                group.close();
            }
            producer.close();
        },
    };
}

/** Newest: Container.Consumer with Container.Legacy.Format over an in-memory @moq/net track. */
export async function legacyLatest(hang, groups, expected) {
    const { subscriber, feed } = netTrack(hang, groups);
    const consumer = new hang.Container.Consumer(subscriber, { format: new hang.Container.Legacy.Format(), latency: NO_SKIP_MS });
    feed();
    const { got, stalled } = await drain(consumer, expected.length, groups.length);
    consumer.close();
    const problems = compare(expected, got, { keyframes: expected.map((e) => e.index === 0) });
    if (stalled) problems.unshift(`consumer stalled after ${got.length} frames`);
    return problems;
}

/**
 * Newest: Container.Consumer with Container.Cmaf.Format (init segment from the catalog's
 * container.init) over the passthrough track. Compared with the legacy frames of the same track:
 * same samples, timestamps within 1 µs (hang rounds ticks to µs, moq-mux floors), keyframe flags
 * (video: the first sample of each legacy group; audio: every sample).
 */
export async function cmafLatest(hang, groups, config, legacy, isVideo, audioSync) {
    const init = hang.Container.Cmaf.decodeInitSegment(Buffer.from(config.container.init, "base64"));
    const { subscriber, feed } = netTrack(hang, groups);
    const consumer = new hang.Container.Consumer(subscriber, { format: new hang.Container.Cmaf.Format(init), latency: NO_SKIP_MS });
    feed();
    const { got, stalled } = await drain(consumer, legacy.length, groups.length);
    consumer.close();
    const problems = compare(legacy, got, {
        // A fragment's tfdt moves a track by whole ticks, so a cmaf timestamp may sit up to one tick
        // off the microsecond-exact legacy one (and hang rounds where we floor: +1 µs).
        tolerance: 1 + Math.ceil(1e6 / config.container.timescale),
        checkGroups: false,
        keyframes: expectedKeyframes(legacy, isVideo, audioSync),
    });
    if (stalled) problems.unshift(`consumer stalled after ${got.length} samples`);
    return problems;
}

/**
 * The keyframe flag each sample of a cmaf fragment should carry: video, the first sample of each
 * legacy group (a keyframe); audio, the sample's own sync flag from the fixture's sample list
 * (codecs with dependent audio frames mark only some samples sync; absent: every sample).
 */
function expectedKeyframes(legacy, isVideo, audioSync) {
    return legacy.map((e, i) => (isVideo ? e.index === 0 : audioSync ? audioSync[i] : true));
}

/**
 * 0.2.4 has no CMAF consumer, only Container.Cmaf.decodeDataSegment(fragment, timescale), which
 * players of that version call per frame. Returns { problems, known }.
 *
 * Workaround for a defect of @moq/hang 0.2.4: decodeDataSegment throws "Invalid sample duration 0"
 * for a trun sample whose duration is 0. ISO/IEC 14496-12 allows it (duration unknown, e.g. the
 * last sample of a live fragment), ffmpeg writes such fragments (h264_aac_every_frame, see
 * testdata/README.md) and hang itself accepts them from 0.3 on ("Duration 0 is valid for
 * single-sample CMAF fragments"). Such a fragment is decoded with the newest hang instead, to keep
 * checking the rest, and the cell is reported as a known hang defect rather than as our failure.
 */
export function cmaf024(hang, latest, groups, config, legacy, isVideo, audioSync) {
    const got = [];
    const problems = [];
    let zeroDuration = 0;
    let init;
    for (const g of groups) {
        for (const f of g.frames) {
            let samples;
            try {
                samples = hang.Container.Cmaf.decodeDataSegment(new Uint8Array(f), config.container.timescale);
            } catch (e) {
                if (!/^Invalid sample duration 0 /.test(e.message)) {
                    problems.push(`group ${g.sequence}: ${e.message}`);
                    return { problems };
                }
                zeroDuration++;
                init ??= latest.Container.Cmaf.decodeInitSegment(Buffer.from(config.container.init, "base64"));
                samples = latest.Container.Cmaf.decodeDataSegment(new Uint8Array(f), init);
            }
            for (const s of samples) got.push({ group: g.sequence, frame: s });
        }
    }
    problems.push(...compare(legacy, got, {
        // A fragment's tfdt moves a track by whole ticks, so a cmaf timestamp may sit up to one tick
        // off the microsecond-exact legacy one (and hang rounds where we floor: +1 µs).
        tolerance: 1 + Math.ceil(1e6 / config.container.timescale),
        checkGroups: false,
        keyframes: expectedKeyframes(legacy, isVideo, audioSync),
    }));
    const known = zeroDuration && problems.length === 0
        ? `@moq/hang 0.2.4 rejects ${zeroDuration} fragment(s) holding a sample of duration 0 (valid: unknown; accepted since 0.3); every other sample matches`
        : undefined;
    return { problems, known };
}
