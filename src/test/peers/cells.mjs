// Runs the peer cells against a server command and a publisher command and prints a table.
// Usage: node cells.mjs <dump root> <testdata dir> [CELL FILTER…]
//   <dump root>/<fixture>/<legacy|cmaf> are `moq-mux-cli dump` outputs (run.sh makes them).
//   A filter is fixture[/container[/column]] with "*" for any part, e.g. h264_aac/cmaf/lite02,
//   */*/watch, vp9_opus. Several filters add up.
// Environment:
//   MOQ_PEERS_SERVE    server command template (default: the Java CLI's `serve`; the Node
//                      reference server is REF_SERVE below)
//   MOQ_PEERS_PUBLISH  publisher command template (default: the Java CLI's `publish`; the Node
//                      reference publisher is REF_PUBLISH below)
//   Placeholders: {listen} (127.0.0.1:PORT) {host} {port} {url} (ws://127.0.0.1:PORT/) {name}
//   {file} (the fixture .mp4) {dump} (its dump directory) {passthrough} ("--passthrough" for
//   cmaf, dropped for legacy) {jar} (target/moq-mux-cli.jar) {peers} (this directory).
//   MOQ_PEERS_PORTS    port range, default 21100-21999; MOQ_PEERS_JOBS parallel cells, default 2
//   MOQ_PEERS_KEEP=1   keep every cell's directory (failed cells are always kept)
//   MOQ_PEERS_TIMEOUT_MS  a subscriber's or the relay's hard timeout, default 20000
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { compareDumps } from "./lib/compare.mjs";
import { CATALOG_TRACKS } from "./lib/dumpdir.mjs";

const HERE = new URL(".", import.meta.url).pathname;
const [dumpRoot, testdata, ...filters] = process.argv.slice(2);
const ROOT = resolve(HERE, "../../..");
const JAR = join(ROOT, "target/moq-mux-cli.jar");
const FIXTURES = (process.env.MOQ_PEERS_FIXTURES ?? "h264_aac,h265_hvc1_aac,vp9_opus,av1_opus,h264x2_aac,h264_aac_every_frame").split(",");
const PLAYER_FIXTURES = ["h264_aac", "vp9_opus"];
const CONTAINERS = ["legacy", "cmaf"];
// The Node reference peers replay a dump directory; the harness was proven against them.
export const REF_SERVE = "node {peers}serve-ref.mjs --listen {listen} --name {name} {dump}";
export const REF_PUBLISH = "node {peers}pub-ref.mjs --name {name} {url} {dump}";
const SERVE = process.env.MOQ_PEERS_SERVE || "java -jar {jar} serve --listen {listen} --name {name} {passthrough} {file}";
const PUBLISH = process.env.MOQ_PEERS_PUBLISH || "java -jar {jar} publish {passthrough} {url} {file}";
const [PORT_LO, PORT_HI] = (process.env.MOQ_PEERS_PORTS ?? "21100-21999").split("-").map(Number);
const JOBS = Number(process.env.MOQ_PEERS_JOBS ?? 2);
const KEEP = process.env.MOQ_PEERS_KEEP === "1";
// A client's hard timeout (the clips last about 2 s): a server that never answers costs this per cell.
const TIMEOUT_MS = Number(process.env.MOQ_PEERS_TIMEOUT_MS ?? 20000);
const WORK = join(dumpRoot, "cells");

/** Subscriber columns: the client sub.mjs runs, its options, the moq version it must end up on. */
// seesEnd: the client reports a track's end (lite-04 clients never do, MOQ-WIRE §11.6), so each
// media track must have ended, not merely gone quiet.
const CLIENTS = {
    net05: { args: ["--client", "net05"], version: "moq-lite-05", seesEnd: true },
    net04: { args: ["--client", "net04"], version: "moq-lite-04", seesEnd: false },
    lite02: { args: ["--client", "lite02"], version: "moq-lite-02", seesEnd: true },
    "lite02-wt": { args: ["--client", "lite02", "--framing", "webtransport"], version: "moq-lite-02", framing: "webtransport", seesEnd: true },
};

/** Media tracks a summary shows as not ended. */
const unended = (s) =>
    Object.entries(s.tracks ?? {})
        .filter(([t, x]) => !CATALOG_TRACKS.includes(t) && x.end !== "ended")
        .map(([t, x]) => `${t} did not end (${x.end})`);
const COLUMNS = [...Object.keys(CLIENTS), "relay", "watch"];

const wanted = (fixture, container, column) =>
    filters.length === 0 ||
    filters.some((f) => {
        const [a = "*", b = "*", c = "*"] = f.split("/");
        return (a === "*" || a === fixture) && (b === "*" || b === container) && (c === "*" || c === column);
    });

let nextPort = PORT_LO;
async function freePort() {
    for (let tries = 0; tries <= PORT_HI - PORT_LO; tries++) {
        const port = nextPort;
        nextPort = nextPort >= PORT_HI ? PORT_LO : nextPort + 1;
        if (!(await listening(port))) return port;
    }
    throw new Error(`no free port in ${PORT_LO}-${PORT_HI}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function listening(port) {
    return new Promise((res) => {
        const s = connect({ host: "127.0.0.1", port });
        s.once("connect", () => {
            s.destroy();
            res(true);
        });
        s.once("error", () => res(false));
    });
}

/** Waits for the TCP listener (MOQ-WIRE §11.9: @moq/lite hangs forever on a refused socket). */
async function waitListening(port, proc, ms = 20000) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        if (proc.exitCode !== null) throw new Error(`exited with ${proc.exitCode} before listening`);
        if (await listening(port)) return;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`not listening on 127.0.0.1:${port} after ${ms / 1000} s`);
}

function expand(template, vars) {
    return template
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => t.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m)))
        .filter((t) => t !== "");
}

/** Starts a command with its output in <dir>/<label>.log; returns the child with .done (exit code). */
function start(argv, dir, label) {
    const fd = openSync(join(dir, `${label}.log`), "w");
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", fd, fd], cwd: ROOT });
    closeSync(fd);
    child.done = new Promise((res) => {
        child.once("exit", (code, signal) => res(code ?? `signal ${signal}`));
        child.once("error", (e) => res(`spawn failed: ${e.message}`));
    });
    return child;
}

/** Runs a command to its end, with stdout captured; returns { code, stdout }. */
function run(argv, dir, label, timeoutMs) {
    return new Promise((res) => {
        const fd = openSync(join(dir, `${label}.log`), "w");
        const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", fd], cwd: ROOT });
        closeSync(fd);
        let stdout = "";
        child.stdout.on("data", (d) => (stdout += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            res({ code: code ?? `signal ${signal}`, stdout });
        });
    });
}

/** Ends a child we started as Ctrl-C would (SIGINT), then SIGKILL after 5 s. */
async function stop(child) {
    if (child.exitCode !== null || child.signalCode !== null) return child.done;
    child.kill("SIGINT");
    const t = setTimeout(() => child.kill("SIGKILL"), 5000);
    const code = await child.done;
    clearTimeout(t);
    return code;
}

/** Exit statuses of a clean stop on SIGINT: 0, or 130 / 143 (a JVM's shutdown on a signal). */
const cleanStop = (code) => code === 0 || code === 130 || code === 143 || code === "signal SIGINT";

const vars = (fixture, container, port) => ({
    listen: `127.0.0.1:${port}`,
    host: "127.0.0.1",
    port: String(port),
    url: `ws://127.0.0.1:${port}/`,
    name: fixture,
    file: join(testdata, `${fixture}.mp4`),
    dump: join(dumpRoot, fixture, container),
    passthrough: container === "cmaf" ? "--passthrough" : "",
    jar: JAR,
    peers: HERE,
});

const catalogsOf = (dump) => CATALOG_TRACKS.filter((c) => existsSync(join(dump, c)));

function lastJson(stdout) {
    const line = stdout.trim().split("\n").filter(Boolean).at(-1);
    try {
        return JSON.parse(line);
    } catch {
        return { stop: `no summary (${(line ?? "").slice(0, 120)})` };
    }
}

async function subCell(fixture, container, column, dir) {
    const client = CLIENTS[column];
    const port = await freePort();
    const v = vars(fixture, container, port);
    const server = start(expand(SERVE, v), dir, "server");
    const problems = [];
    try {
        await waitListening(port, server);
        const out = join(dir, "received");
        const sub = await run(
            ["node", join(HERE, "sub.mjs"), ...client.args, "--name", fixture, "--out", out, "--catalogs", catalogsOf(v.dump).join(","), "--timeout", String(TIMEOUT_MS), "--verbose", `ws://127.0.0.1:${port}/`],
            dir,
            "sub",
            TIMEOUT_MS + 10000,
        );
        const s = lastJson(sub.stdout);
        writeFileSync(join(dir, "summary.json"), JSON.stringify(s, null, 1));
        if (sub.code !== 0) problems.push(`subscriber exit ${sub.code}: ${s.stop}${trackEnds(s)}`);
        if (s.version && s.version !== client.version) problems.push(`negotiated ${s.version}, expected ${client.version}`);
        if (client.framing && s.selected !== client.framing) problems.push(`framing ${s.selected}, expected ${client.framing}`);
        if (client.seesEnd) problems.push(...unended(s));
        problems.push(...compareDumps(v.dump, out, { catalogs: catalogsOf(v.dump) }));
        return { problems, note: s.version ? `${s.selected} ${s.stop}` : "" };
    } catch (e) {
        problems.push(`server: ${e.message}`);
        return { problems };
    } finally {
        const code = await stop(server);
        if (!cleanStop(code)) problems.push(`server ${code === "signal SIGKILL" ? "still running 5 s after SIGINT" : `exit ${code}`}`);
    }
}

const trackEnds = (s) => (s.tracks ? ` (${Object.entries(s.tracks).map(([t, x]) => `${t}: ${x.groups}g ${x.frames}f ${x.end}`).join(", ")})` : "");

async function relayCell(fixture, container, dir) {
    const port = await freePort();
    const v = vars(fixture, container, port);
    const out = join(dir, "received");
    const problems = [];
    const relay = start(
        ["node", join(HERE, "relay.mjs"), "--listen", `127.0.0.1:${port}`, "--out", out, "--name", fixture, "--catalogs", catalogsOf(v.dump).join(","), "--timeout", String(TIMEOUT_MS), "--verbose"],
        dir,
        "relay",
    );
    let publisher;
    try {
        await waitListening(port, relay);
        publisher = start(expand(PUBLISH, v), dir, "publisher");
        const timer = setTimeout(() => relay.kill("SIGKILL"), TIMEOUT_MS + 10000);
        const code = await relay.done;
        clearTimeout(timer);
        const s = lastJson(readFileSync(join(dir, "relay.log"), "utf8").split("\n").filter((l) => l.startsWith("{")).join("\n"));
        if (code !== 0) problems.push(`relay exit ${code}: ${s.stop}${trackEnds(s)}`);
        if (s.version !== "moq-lite-04") problems.push(...unended(s));
        problems.push(...compareDumps(v.dump, out, { catalogs: catalogsOf(v.dump) }));
        // The publisher may keep running after its input ended; give it 3 s, then end it.
        const pcode = await Promise.race([publisher.done, new Promise((r) => setTimeout(() => r("running"), 3000))]);
        return { problems, note: `${s.selected ?? ""} ${s.version ?? ""} publisher ${pcode === "running" ? "still running" : `exit ${pcode}`}` };
    } catch (e) {
        problems.push(`relay: ${e.message}`);
        return { problems };
    } finally {
        if (publisher) await stop(publisher);
        await stop(relay);
    }
}

let player;
async function watchCell(fixture, container, dir) {
    const { startPlayer } = await import("./lib/player.mjs");
    const { judgePlayback } = await import("./lib/playercheck.mjs");
    player ??= await startPlayer();
    const port = await freePort();
    const v = vars(fixture, container, port);
    const server = start(expand(SERVE, v), dir, "server");
    let result;
    try {
        await waitListening(port, server);
        const rec = await player.watch(`http://127.0.0.1:${port}/`, fixture, { screenshot: join(dir, "canvas.png") });
        const { problems, facts } = judgePlayback(rec, v.dump);
        writeFileSync(join(dir, "playback.json"), JSON.stringify({ facts, console: rec.console, errors: rec.errors }, null, 1));
        result = { problems, note: `frameCount ${facts.frameCount}/${facts.samplesServed}, painted ${facts.painted} up to ${Math.round(facts.paintedLast ?? 0)} ms, variance ${facts.maxVariance}` };
    } catch (e) {
        result = { problems: [`${e.message}`] };
    }
    const code = await stop(server);
    if (!cleanStop(code)) result.problems.push(`server ${code === "signal SIGKILL" ? "still running 5 s after SIGINT" : `exit ${code}`}`);
    return result;
}

// The cells.
const cells = [];
for (const fixture of FIXTURES) {
    for (const container of CONTAINERS) {
        for (const column of COLUMNS) {
            if (column === "watch" && !PLAYER_FIXTURES.includes(fixture)) continue;
            if (!wanted(fixture, container, column)) continue;
            cells.push({ fixture, container, column });
        }
    }
}
rmSync(WORK, { recursive: true, force: true });
const started = Date.now();
const results = new Map();
async function runCell(c) {
    const dir = join(WORK, c.fixture, c.container, c.column);
    mkdirSync(dir, { recursive: true });
    const t0 = Date.now();
    const dumpErr = join(dumpRoot, c.fixture, `${c.container}.err`);
    let r;
    if (!existsSync(join(dumpRoot, c.fixture, c.container, "catalog.json"))) {
        r = { problems: [`no dump of ${c.fixture} (${c.container})${existsSync(dumpErr) ? `: ${readFileSync(dumpErr, "utf8").trim()}` : ""}`] };
    } else if (c.column === "relay") r = await relayCell(c.fixture, c.container, dir);
    else if (c.column === "watch") r = await watchCell(c.fixture, c.container, dir);
    else r = await subCell(c.fixture, c.container, c.column, dir);
    r.ms = Date.now() - t0;
    results.set(`${c.fixture}/${c.container}/${c.column}`, r);
    const status = r.problems.length ? "FAIL" : "pass";
    console.error(`[peers] ${c.fixture}/${c.container}/${c.column}: ${status} in ${(r.ms / 1000).toFixed(1)} s${r.problems.length ? `: ${r.problems[0]}` : ""}`);
    if (!r.problems.length && !KEEP) rmSync(dir, { recursive: true, force: true });
}
// Subscriber and relay cells JOBS at a time; player cells one at a time after them (one browser).
const queue = cells.filter((c) => c.column !== "watch");
await Promise.all(
    Array.from({ length: Math.max(1, JOBS) }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await runCell(c);
    }),
);
for (const c of cells.filter((c) => c.column === "watch")) await runCell(c);
if (player) await player.close();

// The table.
const fw = Math.max(7, ...FIXTURES.map((f) => f.length));
const line = (cols) => cols.map(([v, w]) => String(v).padEnd(w)).join("  ").trimEnd();
console.log();
console.log(`Peers against: ${SERVE.replace(HERE, "")}`);
console.log(`     publisher: ${PUBLISH.replace(HERE, "")}`);
console.log();
console.log(line([["fixture", fw], ["container", 9], ...COLUMNS.map((c) => [c, 9])]));
for (const fixture of FIXTURES) {
    for (const container of CONTAINERS) {
        const cols = COLUMNS.map((col) => {
            const r = results.get(`${fixture}/${container}/${col}`);
            return [r ? (r.problems.length ? "FAIL" : "pass") : "-", 9];
        });
        if (cols.some(([v]) => v !== "-")) console.log(line([[fixture, fw], [container, 9], ...cols]));
    }
}
const failed = [...results.entries()].filter(([, r]) => r.problems.length);
if (failed.length) {
    console.log();
    console.log(`Details (cell directories under ${WORK}):`);
    for (const [k, r] of failed) for (const p of r.problems) console.log(`  ${k}: ${p}`);
}
const watched = [...results.entries()].filter(([k, r]) => (k.endsWith("/watch") || k.endsWith("/relay")) && r.note);
if (watched.length) {
    console.log();
    for (const [k, r] of watched) console.log(`  ${k}: ${r.note}`);
}
console.log();
console.log(`(${results.size} cells in ${Math.round((Date.now() - started) / 1000)} s)`);
console.log(`${results.size - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
