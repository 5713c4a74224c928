// Player check, one cell: node player.mjs --name NAME --dump DIR [--screenshot PNG] URL
// Plays broadcast NAME from URL (ws:// or http://) in @moq/watch 0.4.6 in headless Chromium and
// prints its record and the verdict against the dump directory (see lib/playercheck.mjs).
import { parseArgs } from "node:util";
import { startPlayer } from "./lib/player.mjs";
import { judgePlayback } from "./lib/playercheck.mjs";

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, dump: { type: "string" }, screenshot: { type: "string" } },
});
if (!values.name || !values.dump || positionals.length !== 1) {
    console.error("usage: player.mjs --name NAME --dump DIR [--screenshot PNG] URL");
    process.exit(2);
}
const player = await startPlayer();
try {
    const rec = await player.watch(positionals[0].replace(/^ws:/, "http:"), values.name, { screenshot: values.screenshot });
    const { problems, facts } = judgePlayback(rec, values.dump);
    console.log(JSON.stringify({ ...facts, console: rec.console, errors: rec.errors }, null, 1));
    console.log(problems.length ? `FAIL: ${problems.join("; ")}` : "pass");
    process.exitCode = problems.length ? 1 : 0;
} finally {
    await player.close();
}
