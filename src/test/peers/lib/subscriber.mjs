// Reads a remote broadcast into dump's layout: waits for NAME (or, without one, any broadcast) to
// be announced, subscribes the
// catalog track(s), subscribes every rendition any catalog.json frame names, and writes each
// received frame to <out>/<track>/<group>/<frame>. Works with the @moq/net 0.3.4 API and the
// @moq/lite 0.2.2 API (`api` is the imported module, `flavour` "net" or "lite").
//
// It stops when every subscribed track has ended, or when nothing arrived for `idleMs` after
// some media did (lite-04 clients never see a track end, MOQ-WIRE §11.6); the caller adds a hard
// timeout.
import { CATALOG_TRACKS, catalogTracks, writeFrame } from "./dumpdir.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function readBroadcast(conn, { api, flavour, name, out, catalogs = ["catalog.json"], idleMs = 2000, log = () => {} }) {
    const announced = conn.announced(api.Path.empty());
    for (;;) {
        const a = await announced.next();
        if (!a) throw new Error(`announcements ended before ${name} was announced`);
        log(`announce ${a.path} active=${a.active}`);
        if (a.active && (name === undefined || String(a.path) === name)) {
            name = String(a.path);
            break;
        }
    }
    const broadcast = conn.consume(api.Path.from(name));
    const stats = new Map(); // track -> { groups: Set, frames, end }
    let lastData = 0;
    const pending = new Set();

    const subscribe = (track, onFrame) => {
        if (stats.has(track)) return;
        const s = { groups: new Set(), frames: 0, end: undefined };
        stats.set(track, s);
        const sub = flavour === "net" ? broadcast.subscribe(track, { priority: 1 }) : broadcast.subscribe(track, 1);
        const readers = [];
        const run = (async () => {
            for (;;) {
                const group = await sub.recvGroup();
                if (!group) break;
                const seq = group.sequence;
                s.groups.add(seq);
                readers.push((async () => {
                    for (let index = 0; ; index++) {
                        const frame = await group.readFrame();
                        if (!frame) break;
                        const bytes = Buffer.from(flavour === "net" ? frame.payload : frame);
                        writeFrame(out, track, seq, index, bytes);
                        s.frames++;
                        // Idle is measured from media only: a server may hold its clock a while
                        // after the catalog went out.
                        if (!CATALOG_TRACKS.includes(track)) lastData = Date.now();
                        onFrame?.(bytes);
                    }
                })());
            }
            await Promise.all(readers);
            s.end = "ended";
        })().catch((e) => {
            s.end = `error: ${e?.message ?? e}`;
        });
        pending.add(run);
    };

    const onCatalog = (bytes) => {
        let json;
        try {
            json = JSON.parse(bytes.toString("utf8"));
        } catch (e) {
            log(`catalog.json frame is not JSON: ${e.message}`);
            return;
        }
        for (const track of catalogTracks(json)) {
            if (!stats.has(track)) log(`subscribe ${track}`);
            subscribe(track);
        }
    };
    for (const c of catalogs) subscribe(c, c === "catalog.json" ? onCatalog : undefined);

    let stop;
    for (;;) {
        await sleep(50);
        const media = [...stats.keys()].filter((t) => !CATALOG_TRACKS.includes(t));
        if (media.length && [...stats.values()].every((s) => s.end !== undefined)) {
            stop = "ended";
            break;
        }
        if (lastData && Date.now() - lastData > idleMs) {
            stop = "idle";
            break;
        }
    }
    const tracks = {};
    for (const [t, s] of stats) tracks[t] = { groups: s.groups.size, frames: s.frames, end: s.end ?? "open" };
    return { name, stop, tracks };
}
