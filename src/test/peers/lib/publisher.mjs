// A broadcast that replays a dump directory at media pace with @moq/net 0.3.4: the reference
// publisher the harness is proven against (serve-ref.mjs accepts viewers, pub-ref.mjs pushes to a
// relay). Group sequences and frame bytes are exactly the dump's.
//
// Timeline: the catalog tracks' groups but the last are written at once (a subscriber reads one
// complete catalog and subscribes before any media exists); the clock starts when every media track has a
// subscriber, or `graceMs` after the first media subscription (a player subscribes one rendition
// and may skip audio; a negative grace starts it at once); media frames go out at their timestamps; the tracks end `endDelayMs` after the last frame (the
// end must come after the data, MOQ-WIRE §11.5), then the last catalog group is written and the
// catalog tracks end.
import * as Moq from "@moq/net";

import { CATALOG_TRACKS, catalogTracks, frameMicros, readDump } from "./dumpdir.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const log = (...a) => console.error("[publisher]", ...a);

export class DumpBroadcast {
    constructor(dir, { graceMs = 500, endDelayMs = 1000, catalogsAtClock = false } = {}) {
        this.dir = dir;
        this.catalogsAtClock = catalogsAtClock;
        this.graceMs = graceMs;
        this.endDelayMs = endDelayMs;
        this.tracks = readDump(dir);
        this.producer = new Moq.Broadcast.Producer();
        this.catalogNames = CATALOG_TRACKS.filter((n) => this.tracks.has(n));
        this.mediaNames = [...this.tracks.keys()].filter((n) => !CATALOG_TRACKS.includes(n));
        const catalogs = this.tracks.get("catalog.json") ?? [];
        // CMAF timescales, from the newest catalog that describes the track.
        this.timescale = new Map();
        for (const g of catalogs) {
            const json = JSON.parse(g.frames[0].toString("utf8"));
            for (const kind of ["video", "audio"]) {
                for (const [name, r] of Object.entries(json?.[kind]?.renditions ?? {})) {
                    if (r.container?.kind === "cmaf") this.timescale.set(name, r.container.timescale);
                }
            }
        }
        this.track = new Map();
        for (const name of this.tracks.keys()) {
            this.track.set(name, this.producer.createTrack(name, { timescale: Moq.Time.Timescale.MICRO }));
        }
        this.done = this.#run();
    }

    /** Video frames (frames of the tracks a catalog calls video), for the player check. */
    videoFrameCount() {
        const catalogs = this.tracks.get("catalog.json") ?? [];
        const video = new Set();
        for (const g of catalogs) catalogTracks({ video: JSON.parse(g.frames[0]).video }).forEach((n) => video.add(n));
        let n = 0;
        for (const name of video) for (const g of this.tracks.get(name) ?? []) n += g.frames.length;
        return n;
    }

    #writeGroup(name, group, micros) {
        const g = new Moq.Group.Producer(group.sequence);
        this.track.get(name).writeGroup(g);
        for (const f of group.frames) {
            g.writeFrame({ payload: f, timestamp: micros === undefined ? Moq.Time.Timestamp.now() : new Moq.Time.Timestamp(micros, Moq.Time.Timescale.MICRO) });
        }
        g.close();
    }

    async #waitForDemand() {
        if (this.graceMs < 0) return "at once (no wait)";
        let first;
        for (;;) {
            const used = this.mediaNames.filter((n) => this.track.get(n).used.peek());
            if (used.length === this.mediaNames.length) return "every media track subscribed";
            if (used.length && first === undefined) first = Date.now();
            if (first !== undefined && Date.now() - first >= this.graceMs) return `grace after first subscription (${used.join(", ")})`;
            await sleep(10);
        }
    }

    async #run() {
        // Catalog groups but the last: all before the clock, or (catalogsAtClock) only group 0
        // before and the others when the clock starts, as a live importer that refines its
        // catalog after the first samples would.
        const middle = () => {
            for (const name of this.catalogNames) {
                const groups = this.tracks.get(name);
                for (let i = 1; i < groups.length - 1; i++) this.#writeGroup(name, groups[i]);
            }
        };
        for (const name of this.catalogNames) {
            const groups = this.tracks.get(name);
            if (groups.length) this.#writeGroup(name, groups[0]);
        }
        if (!this.catalogsAtClock) middle();
        log("catalog written; waiting for subscribers");
        const why = await this.#waitForDemand();
        log(`clock started: ${why}`);
        if (this.catalogsAtClock) middle();
        // Every media frame with its send time: timestamps made monotonic per track (B-frames).
        const events = [];
        for (const [ti, name] of this.mediaNames.entries()) {
            let last = -Infinity;
            for (const group of this.tracks.get(name)) {
                group.frames.forEach((bytes, index) => {
                    const micros = frameMicros(bytes, this.timescale.get(name));
                    last = Math.max(last, micros ?? last);
                    events.push({ ti, name, group, index, bytes, micros, at: last });
                });
            }
        }
        const origin = Math.min(...events.map((e) => e.at).filter(Number.isFinite));
        events.sort((a, b) => a.at - b.at || a.ti - b.ti);
        const t0 = performance.now();
        const open = new Map();
        for (const e of events) {
            await sleep((Number.isFinite(e.at) ? (e.at - origin) / 1000 : 0) - (performance.now() - t0));
            let g = open.get(e.name);
            if (e.index === 0) {
                g = new Moq.Group.Producer(e.group.sequence);
                this.track.get(e.name).writeGroup(g);
                open.set(e.name, g);
            }
            g.writeFrame({ payload: e.bytes, timestamp: new Moq.Time.Timestamp(e.micros ?? 0, Moq.Time.Timescale.MICRO) });
            if (e.index === e.group.frames.length - 1) g.close();
        }
        log(`media written in ${Math.round(performance.now() - t0)} ms`);
        await sleep(this.endDelayMs);
        for (const name of this.mediaNames) this.track.get(name).close();
        for (const name of this.catalogNames) {
            const groups = this.tracks.get(name);
            if (groups.length > 1) this.#writeGroup(name, groups[groups.length - 1]);
        }
        await sleep(this.endDelayMs);
        for (const name of this.catalogNames) this.track.get(name).close();
        log("all tracks ended");
    }
}

