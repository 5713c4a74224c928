// Validates the broadcasts dumped by run.sh with real consumers and prints a table per fixture
// and track. Usage: node --import ./lib/shims.mjs check.mjs <dump root> <testdata dir>
// <dump root>/<fixture>/legacy and <dump root>/<fixture>/cmaf are `moq-mux-cli dump` outputs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { readBroadcast, lastNonEmpty, legacyFrames, rendition, readFrameMd5, md5 } from "./lib/dump.mjs";
import { loadHang, checkCatalogs, legacy024, legacyLatest, cmafLatest, cmaf024 } from "./lib/hang.mjs";
import { checkPassthrough, compareSamples } from "./lib/ffmpeg.mjs";
import { startBrowser } from "./lib/browser.mjs";

const [dumpRoot, testdata] = process.argv.slice(2);
const PASS = "pass";
const FAIL = "FAIL";
const NS = "n/s"; // not supported by this browser (HEVC, AC-3, E-AC-3): reported, neither passed nor failed
const KNOWN = "known"; // a documented defect of @moq/hang itself, worked around: not our output
const NA = "-";

const rows = []; // { fixture, track, codec, cells: { col: status }, details: [] }
const COLUMNS = ["hang 0.2.4", "hang latest", "WebCodecs", "ffmpeg"];

function cell(row, col, problems, { unsupported, known } = {}) {
    if (unsupported) row.cells[col] = NS;
    else if (known) row.cells[col] = KNOWN;
    else row.cells[col] = problems.length === 0 ? PASS : FAIL;
    for (const p of problems) row.details.push(`${col}: ${p}`);
    if (unsupported) row.details.push(`${col}: ${unsupported}`);
    if (known) row.details.push(`${col}: ${known}`);
}

const hang = await loadHang();
const browser = await startBrowser();
const fixtures = readdirSync(dumpRoot).filter((f) => existsSync(join(dumpRoot, f, "legacy"))).sort();

for (const fixture of fixtures) {
    try {
        await checkFixture(fixture);
    } catch (e) {
        // A crash of the checker itself fails the fixture; the other fixtures still run.
        rows.push({ fixture, track: "(checker)", codec: "", cells: { "hang 0.2.4": FAIL }, details: [`crashed: ${e.stack ?? e}`] });
    }
}

async function checkFixture(fixture) {
    const expectedMd5 = readFrameMd5(join(testdata, "expected", fixture, "framemd5.txt"));
    const dumpError = (container) => {
        const f = join(dumpRoot, fixture, `${container}.err`);
        return existsSync(f) ? readFileSync(f, "utf8").trim() : "";
    };
    const broadcasts = {};
    for (const container of ["legacy", "cmaf"]) {
        const row = { fixture, track: `catalog.json (${container})`, codec: "", cells: {}, details: [] };
        rows.push(row);
        const err = dumpError(container);
        if (err) {
            row.cells["hang 0.2.4"] = row.cells["hang latest"] = FAIL;
            row.details.push(`moq-mux-cli dump failed: ${err}`);
            continue;
        }
        const b = readBroadcast(join(dumpRoot, fixture, container));
        broadcasts[container] = b;
        row.codec = `${b.catalogs.length} catalogs`;
        for (const [col, h] of [["hang 0.2.4", hang.v024], ["hang latest", hang.latest]]) {
            const r = checkCatalogs(h, b.catalogs);
            cell(row, col, r.errors);
            // Each version knows only its own cmaf fields (0.2.4: timescale + trackId; newer: init),
            // and moq-mux writes all three; anything else the schema drops is worth a note.
            const expected = h === hang.v024 ? /\.container\.init$/ : /\.container\.(timescale|trackId)$/;
            const ignored = r.ignored.filter((n) => !expected.test(n));
            if (ignored.length) row.details.push(`${col}: note: schema ignores ${ignored.join(", ")}`);
        }
        if (!lastNonEmpty(b.catalogs)) {
            row.cells["hang latest"] = FAIL;
            row.details.push("no catalog with a rendition");
        }
        row.cells.WebCodecs = row.cells.ffmpeg = NA;
    }
    const legacy = broadcasts.legacy;
    const cmaf = broadcasts.cmaf;
    if (!legacy) return;
    const legacyCatalog = lastNonEmpty(legacy.catalogs);
    const cmafCatalog = cmaf && lastNonEmpty(cmaf.catalogs);
    for (const [name, groups] of legacy.tracks) {
        const stream = Number(name.split(".")[0]);
        const r = legacyCatalog && rendition(legacyCatalog, name);
        const row = { fixture, track: name, codec: r?.config.codec ?? "?", cells: {}, details: [] };
        rows.push(row);
        if (!r) {
            for (const c of COLUMNS) row.cells[c] = FAIL;
            row.details.push("track not in the catalog");
            continue;
        }
        const frames = legacyFrames(groups);
        row.codec += ` ${frames.length}f/${groups.length}g`;
        cell(row, "hang 0.2.4", await legacy024(hang.v024, groups, frames));
        cell(row, "hang latest", await legacyLatest(hang.latest, groups, frames));

        const result = await browser.decode(r.kind, r.config, frames);
        if (!result.supported) {
            const platform = platformDependent(r.config.codec);
            // HEVC, AC-3 and E-AC-3 decoding depends on the platform (Debian's Chromium has no
            // software HEVC decoder and no Dolby audio decoder): report it, it is not a pass.
            // Anything else (FLAC and MP3 included) must be supported.
            cell(row, "WebCodecs", platform ? [] : [`${r.config.codec} not supported: ${result.reason}`],
                platform ? { unsupported: `${r.config.codec} not supported by this browser (${result.reason})` } : {});
        } else if (explicitAacRate(r.config) && /Unsupported configuration/.test(String(result.full.error))) {
            // An AudioSpecificConfig with an explicit 24-bit rate (frequency index 15) is valid
            // MPEG-4 audio, but Chromium's AAC decoder (like ffmpeg 5.1's) refuses it at configure.
            cell(row, "WebCodecs", [], { unsupported: `${r.config.codec} with an explicit sample rate not supported by this browser` });
        } else {
            const problems = [];
            if (result.full.error) problems.push(`decode error: ${result.full.error}`);
            if (result.full.decoded !== frames.length) problems.push(`decoded ${result.full.decoded} of ${frames.length} frames`);
            if (r.kind === "video") {
                // Output timestamps are the input ones (in presentation order).
                const want = frames.map((f) => f.timestamp).sort((a, b) => a - b).join();
                const got = [...result.full.timestamps].sort((a, b) => a - b).join();
                if (want !== got) problems.push("decoded timestamps differ from the frames'");
            }
            for (const g of result.groups) {
                if (g.error || g.decoded !== g.frames) {
                    problems.push(`group ${g.sequence} alone: decoded ${g.decoded} of ${g.frames}${g.error ? `, ${g.error}` : ""}`);
                }
            }
            cell(row, "WebCodecs", problems.slice(0, 6));
        }
        // Independent of our code: the payloads are ffmpeg's samples (framemd5.txt of the fixture).
        cell(row, "ffmpeg", compareSamples(frames.map((f) => ({ size: f.payload.length, hash: md5(f.payload) })),
            expectedMd5.get(stream), "payload MD5s vs framemd5.txt"));

        // The same track in the cmaf container.
        if (!cmaf) continue;
        const cname = name.replace(/\.hang$/, ".m4s");
        const c = cmafCatalog && rendition(cmafCatalog, cname);
        const crow = { fixture, track: cname, codec: c?.config.codec ?? "?", cells: {}, details: [] };
        rows.push(crow);
        const cgroups = cmaf.tracks.get(cname);
        if (!c || !cgroups || c.config.container?.kind !== "cmaf") {
            for (const col of COLUMNS) crow.cells[col] = FAIL;
            crow.details.push("cmaf track or its catalog entry missing");
            continue;
        }
        crow.codec += ` ${cgroups.reduce((n, g) => n + g.frames.length, 0)}frag/${cgroups.length}g`;
        const sync = r.kind === "audio" ? audioSyncFlags(fixture, stream, frames.length) : undefined;
        const old = cmaf024(hang.v024, hang.latest, cgroups, c.config, frames, r.kind === "video", sync);
        cell(crow, "hang 0.2.4", old.problems, old.known ? { known: old.known } : {});
        cell(crow, "hang latest", await cmafLatest(hang.latest, cgroups, c.config, frames, r.kind === "video", sync));
        crow.cells.WebCodecs = NA;
        cell(crow, "ffmpeg", checkPassthrough(join(dumpRoot, fixture, `${cname}.mp4`), c.config, cgroups, expectedMd5.get(stream)));
    }
}
await browser.close();

// The table.
const width = {
    fixture: Math.max(7, ...rows.map((r) => r.fixture.length)),
    track: Math.max(5, ...rows.map((r) => r.track.length)),
    codec: Math.max(5, ...rows.map((r) => r.codec.length)),
};
const line = (cols) => cols.map(([v, w]) => String(v).padEnd(w)).join("  ").trimEnd();
console.log();
console.log(`Consumers: @moq/hang ${hang.v024.version} and ${hang.latest.version} (latest), Chromium ${browser.version} WebCodecs, ${ffmpegVersion()}`);
console.log();
console.log(line([["fixture", width.fixture], ["track", width.track], ["codec / frames", width.codec], ...COLUMNS.map((c) => [c, 12])]));
for (const r of rows) {
    console.log(line([[r.fixture, width.fixture], [r.track, width.track], [r.codec, width.codec], ...COLUMNS.map((c) => [r.cells[c] ?? NA, 12])]));
}
const details = rows.filter((r) => r.details.length);
if (details.length) {
    console.log();
    console.log("Details:");
    for (const r of details) for (const d of r.details) console.log(`  ${r.fixture} ${r.track}: ${d}`);
}
const all = rows.flatMap((r) => Object.values(r.cells));
const count = (s) => all.filter((v) => v === s).length;
console.log();
console.log(`(${count(NS)} not supported by this browser, ${count(KNOWN)} known @moq/hang defects worked around; see Details)`);
console.log(`${count(PASS)} passed, ${count(FAIL)} failed`);
process.exit(count(FAIL) === 0 ? 0 : 1);

function ffmpegVersion() {
    try {
        return execFileSync("ffmpeg", ["-version"], { encoding: "utf8" }).split("\n")[0].split(" Copyright")[0];
    } catch {
        return "ffmpeg (version unknown)";
    }
}

/**
 * Whether the browser may lack a decoder for this codec string: HEVC (hvc1/hev1) and the Dolby
 * codecs ac-3 / ec-3 (WebCodecs registry spellings). When the browser does support them, they are
 * decoded and checked like every other codec.
 */
function platformDependent(codec) {
    return /^(hvc1|hev1)\./.test(codec) || codec === "ac-3" || codec === "ec-3";
}

/** Whether an AAC config's AudioSpecificConfig uses the explicit-frequency escape (index 15). */
function explicitAacRate(config) {
    if (!String(config.codec).startsWith("mp4a.") || !config.description) return false;
    const d = Buffer.from(config.description, "hex");
    return d.length >= 2 && (((d[0] & 0x07) << 1) | (d[1] >> 7)) === 15;
}

/**
 * The sync flags of track `stream` (the n-th track id in the fixture's samples.csv, which lists
 * each sample's real flags from trun/tfhd/trex or stss), for the last `count` samples (the
 * importer drops leading samples that cannot start a group); undefined when there is no list.
 */
function audioSyncFlags(fixture, stream, count) {
    const file = join(testdata, "expected", fixture, "samples.csv");
    if (!existsSync(file)) return undefined;
    const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
    const cols = header.split(",");
    const idCol = cols.indexOf("track_id");
    const syncCol = cols.indexOf("sync");
    if (idCol < 0 || syncCol < 0) return undefined;
    const rows = lines.map((l) => l.split(","));
    const ids = [...new Set(rows.map((r) => Number(r[idCol])))].sort((a, b) => a - b);
    const flags = rows.filter((r) => Number(r[idCol]) === ids[stream]).map((r) => r[syncCol] === "1");
    return flags.length >= count ? flags.slice(flags.length - count) : undefined;
}
