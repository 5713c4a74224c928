// Passthrough check with ffmpeg: the catalog's init segment + every fragment of a cmaf track, in
// order, is a fragmented MP4 of that track alone; ffmpeg's framemd5 of it must list the same
// samples (count, size, MD5) as testdata/expected/<fixture>/framemd5.txt lists for that stream.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

export function concatCmaf(config, groups) {
    const parts = [Buffer.from(config.container.init, "base64")];
    for (const g of groups) parts.push(...g.frames);
    return Buffer.concat(parts);
}

/** ffmpeg -f framemd5 of a file: [{ size, hash }] of stream 0. */
export function frameMd5(file) {
    const out = execFileSync("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-map", "0:0", "-c", "copy", "-f", "framemd5", "-"], {
        encoding: "utf8",
        maxBuffer: 64 << 20,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const rows = [];
    for (const line of out.split("\n")) {
        if (!line.trim() || line.startsWith("#")) continue;
        const cols = line.split(",").map((s) => s.trim());
        rows.push({ size: Number(cols[4]), hash: cols[5] });
    }
    return rows;
}

export function compareSamples(got, expected, what) {
    const problems = [];
    if (!expected) return [`no stream in framemd5.txt for this track`];
    if (got.length !== expected.length) problems.push(`${what}: ${got.length} samples, framemd5.txt has ${expected.length}`);
    for (let i = 0; i < Math.min(got.length, expected.length) && problems.length < 5; i++) {
        if (got[i].size !== expected[i].size || got[i].hash !== expected[i].hash) {
            problems.push(`${what}: sample ${i} is ${got[i].size} bytes ${got[i].hash}, expected ${expected[i].size} bytes ${expected[i].hash}`);
        }
    }
    return problems;
}

export function checkPassthrough(file, config, groups, expected) {
    writeFileSync(file, concatCmaf(config, groups));
    try {
        return compareSamples(frameMd5(file), expected, "ffmpeg");
    } catch (e) {
        return [`ffmpeg failed: ${String(e.stderr ?? e.message).trim().split("\n").slice(0, 3).join(" | ")}`];
    }
}
