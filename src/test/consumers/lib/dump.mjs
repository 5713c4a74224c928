// Reads a broadcast written by `moq-mux-cli dump`: <dir>/<track>/<group>/<frame>, each file the
// exact bytes of one MoQ frame. Also the QUIC varint and the expectation files of testdata/.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

const numeric = (names) => names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);

/** The groups of one track, in sequence order: [{ sequence, frames: [Buffer] }]. */
export function readTrack(dir) {
    return numeric(readdirSync(dir)).map((sequence) => {
        const groupDir = join(dir, String(sequence));
        const frames = numeric(readdirSync(groupDir)).map((f) => readFileSync(join(groupDir, String(f))));
        return { sequence, frames };
    });
}

/** A QUIC variable-length integer (RFC 9000 §16): [value, bytes used]. Exact up to 2^53. */
export function readVarint(buf) {
    const length = 1 << (buf[0] >> 6);
    if (buf.length < length) throw new Error(`varint needs ${length} bytes, frame has ${buf.length}`);
    let value = buf[0] & 0x3f;
    for (let i = 1; i < length; i++) value = value * 256 + buf[i];
    return [value, length];
}

/** Everything the CLI dumped: catalog.json groups (parsed) and the media tracks by name. */
export function readBroadcast(dir) {
    const catalogs = readTrack(join(dir, "catalog.json")).map((g) => {
        if (g.frames.length !== 1) throw new Error(`catalog.json group ${g.sequence} has ${g.frames.length} frames, not 1`);
        return { sequence: g.sequence, bytes: g.frames[0], json: JSON.parse(g.frames[0].toString("utf8")) };
    });
    const tracks = new Map();
    for (const name of readdirSync(dir).sort()) {
        if (name === "catalog.json" || name === "catalog") continue;
        tracks.set(name, readTrack(join(dir, name)));
    }
    return { catalogs, tracks };
}

/** The catalog to play from: the last one with a rendition (the very last is the empty one of close()). */
export function lastNonEmpty(catalogs) {
    for (let i = catalogs.length - 1; i >= 0; i--) {
        const c = catalogs[i].json;
        if (Object.keys(c.video?.renditions ?? {}).length + Object.keys(c.audio?.renditions ?? {}).length > 0) {
            return catalogs[i];
        }
    }
    return undefined;
}

/** Looks a rendition up in a catalog: { kind: "video" | "audio", config }. */
export function rendition(catalog, name) {
    for (const kind of ["video", "audio"]) {
        const config = catalog.json[kind]?.renditions?.[name];
        if (config) return { kind, config };
    }
    return undefined;
}

/** Legacy frames of a track: [{ group, index, timestamp, payload }] in order. */
export function legacyFrames(groups) {
    const out = [];
    for (const g of groups) {
        g.frames.forEach((frame, index) => {
            const [timestamp, used] = readVarint(frame);
            out.push({ group: g.sequence, index, timestamp, payload: frame.subarray(used) });
        });
    }
    return out;
}

export const md5 = (bytes) => createHash("md5").update(bytes).digest("hex");

/** framemd5.txt of a fixture: per stream index, [{ size, hash }] in file order. */
export function readFrameMd5(file) {
    const streams = new Map();
    if (!existsSync(file)) return streams;
    for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line.trim() || line.startsWith("#")) continue;
        const cols = line.split(",").map((s) => s.trim());
        const stream = Number(cols[0]);
        if (!streams.has(stream)) streams.set(stream, []);
        streams.get(stream).push({ size: Number(cols[4]), hash: cols[5] });
    }
    return streams;
}
