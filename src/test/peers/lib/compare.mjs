// Byte-for-byte comparison of a received broadcast with dump's output. Media tracks: the same
// tracks, the same group sequences, the same frames in each group, equal bytes. Catalog tracks
// (catalog.json, catalog): the newest group has the same sequence and the same bytes (a client
// that asks for the latest group never sees the older ones).
import { existsSync } from "node:fs";

import { CATALOG_TRACKS, readDump } from "./dumpdir.mjs";

/** Problems found (empty when equal), at most `limit` of them. */
export function compareDumps(expectedDir, actualDir, { catalogs = CATALOG_TRACKS, limit = 8 } = {}) {
    const problems = [];
    const add = (p) => problems.length < limit && problems.push(p);
    const expected = readDump(expectedDir);
    const actual = existsSync(actualDir) ? readDump(actualDir) : new Map();
    for (const [track, groups] of expected) {
        if (CATALOG_TRACKS.includes(track) && !catalogs.includes(track)) continue;
        const got = actual.get(track);
        if (!got) {
            add(`${track}: nothing received`);
            continue;
        }
        if (CATALOG_TRACKS.includes(track)) {
            const want = groups[groups.length - 1];
            const have = got[got.length - 1];
            if (have.sequence !== want.sequence) add(`${track}: newest group ${have.sequence}, dump's newest is ${want.sequence}`);
            else if (have.frames.length !== 1 || !have.frames[0].equals(want.frames[0])) {
                add(`${track}: newest group ${have.sequence} differs (${have.frames.length} frames, ${have.frames[0]?.length} bytes; dump: ${want.frames[0].length} bytes)`);
            }
            continue;
        }
        const wantSeqs = groups.map((g) => g.sequence).join(",");
        const haveSeqs = got.map((g) => g.sequence).join(",");
        if (wantSeqs !== haveSeqs) {
            const missing = groups.filter((g) => !got.some((h) => h.sequence === g.sequence)).map((g) => g.sequence);
            const extra = got.filter((h) => !groups.some((g) => g.sequence === h.sequence)).map((h) => h.sequence);
            add(`${track}: groups differ: missing [${missing.slice(0, 10)}${missing.length > 10 ? ",…" : ""}] extra [${extra.slice(0, 10)}] (${got.length} of ${groups.length})`);
        }
        const byseq = new Map(got.map((g) => [g.sequence, g]));
        for (const g of groups) {
            const h = byseq.get(g.sequence);
            if (!h) continue;
            if (h.frames.length !== g.frames.length) add(`${track} group ${g.sequence}: ${h.frames.length} frames, dump has ${g.frames.length}`);
            const n = Math.min(h.frames.length, g.frames.length);
            for (let i = 0; i < n; i++) {
                if (!h.frames[i].equals(g.frames[i])) {
                    add(`${track} group ${g.sequence} frame ${i}: ${h.frames[i].length} bytes differ from dump's ${g.frames[i].length}`);
                    break;
                }
            }
        }
    }
    for (const track of actual.keys()) if (!expected.has(track)) add(`${track}: received, not in dump`);
    return problems;
}

/** Frames and groups of the media tracks of a dump, for the table. */
export function countMedia(dir) {
    let groups = 0;
    let frames = 0;
    for (const [track, gs] of readDump(dir)) {
        if (CATALOG_TRACKS.includes(track)) continue;
        groups += gs.length;
        for (const g of gs) frames += g.frames.length;
    }
    return { groups, frames };
}

