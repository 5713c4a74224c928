// Reads and writes the layout of `moq-mux-cli dump`: <dir>/<track>/<group>/<frame>, each file the
// exact bytes of one MoQ frame; group and frame names are decimal sequence numbers.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Tracks that carry a catalog rather than media: only their newest group is compared. */
export const CATALOG_TRACKS = ["catalog.json", "catalog"];

const numeric = (names) => names.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);

/** The groups of one track in sequence order: [{ sequence, frames: [Buffer] }]. */
export function readTrack(dir) {
    return numeric(readdirSync(dir)).map((sequence) => {
        const groupDir = join(dir, String(sequence));
        const frames = numeric(readdirSync(groupDir)).map((f) => readFileSync(join(groupDir, String(f))));
        return { sequence, frames };
    });
}

/** Every track directory of a dump: Map name -> groups. */
export function readDump(dir) {
    const tracks = new Map();
    for (const name of readdirSync(dir).sort()) {
        if (statSync(join(dir, name)).isDirectory()) tracks.set(name, readTrack(join(dir, name)));
    }
    return tracks;
}

/** The rendition (track) names a catalog.json names, video first. */
export function catalogTracks(json) {
    const names = [];
    for (const kind of ["video", "audio"]) names.push(...Object.keys(json?.[kind]?.renditions ?? {}));
    return names;
}

/** Writes one received frame where dump would have written it. */
export function writeFrame(root, track, group, index, bytes) {
    const dir = join(root, track, String(group));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, String(index)), bytes);
}

/** The newest group of a catalog track and its single frame, or undefined. */
export function newestGroup(groups) {
    return groups.length ? groups[groups.length - 1] : undefined;
}

export const isDir = (p) => existsSync(p) && statSync(p).isDirectory();

/** A QUIC variable-length integer (RFC 9000 §16): [value, bytes used]. */
export function readVarint(buf) {
    const length = 1 << (buf[0] >> 6);
    let value = buf[0] & 0x3f;
    for (let i = 1; i < length; i++) value = value * 256 + buf[i];
    return [value, length];
}

/**
 * The presentation (legacy) or decode (CMAF) time of a frame in microseconds, for pacing:
 * legacy frames start with their timestamp in µs; a CMAF frame is moof+mdat, timed by the
 * tfdt of its first traf in the track's timescale.
 */
export function frameMicros(bytes, cmafTimescale) {
    if (!cmafTimescale) return readVarint(bytes)[0];
    const tfdt = findBox(bytes, ["moof", "traf", "tfdt"]);
    if (!tfdt) return undefined;
    const version = tfdt[0];
    const t = version === 1 ? Number(tfdt.readBigUInt64BE(4)) : tfdt.readUInt32BE(4);
    return Math.round((t * 1e6) / cmafTimescale);
}

/** The payload (after the 8- or 16-byte header) of the first box at a path of types. */
function findBox(buf, path) {
    let offset = 0;
    let end = buf.length;
    for (let depth = 0; depth < path.length; depth++) {
        let found;
        while (offset + 8 <= end) {
            let size = buf.readUInt32BE(offset);
            const type = buf.toString("latin1", offset + 4, offset + 8);
            let header = 8;
            if (size === 1) {
                size = Number(buf.readBigUInt64BE(offset + 8));
                header = 16;
            } else if (size === 0) {
                size = end - offset;
            }
            if (size < header || offset + size > end) return undefined;
            if (type === path[depth]) {
                found = { start: offset + header, end: offset + size };
                break;
            }
            offset += size;
        }
        if (!found) return undefined;
        offset = found.start;
        end = found.end;
    }
    return buf.subarray(offset, end);
}
