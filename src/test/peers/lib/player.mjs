// @moq/watch 0.4.6 in headless Debian Chromium (playwright-core, never a downloaded browser):
// esbuild bundles player/entry.js into a page served from 127.0.0.1; the page mounts
// <moq-watch url=… name=…> and records its signals (player/entry.js); watch() returns the record.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
const HERE = new URL("..", import.meta.url).pathname;

export async function startPlayer() {
    const tmp = mkdtempSync(join(tmpdir(), "moq-mux-peers-player-"));
    await build({
        entryPoints: [join(HERE, "player/entry.js")],
        bundle: true,
        format: "esm",
        platform: "browser",
        target: "chrome120",
        outfile: join(tmp, "bundle.js"),
        logLevel: "error",
    });
    const files = {
        "/": ["text/html; charset=utf-8", readFileSync(join(HERE, "player/page.html"))],
        "/bundle.js": ["text/javascript", readFileSync(join(tmp, "bundle.js"))],
    };
    const server = createServer((req, res) => {
        const f = files[new URL(req.url, "http://127.0.0.1").pathname];
        res.writeHead(f ? 200 : 404, f ? { "content-type": f[0] } : {});
        res.end(f?.[1]);
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    const userDataDir = join(tmp, "profile");
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: EXECUTABLE, headless: true, args: ARGS });
    const version = context.browser()?.version() ?? "";
    return {
        version,
        /**
         * Plays NAME from URL in a fresh tab until the painted timestamp and the frame count have
         * not moved for `settleMs` after the first paint, or `timeoutMs`; returns the record.
         */
        async watch(url, name, { settleMs = 2000, timeoutMs = 20000, screenshot } = {}) {
            const tab = await context.newPage();
            const console = [];
            tab.on("console", (m) => console.length < 50 && console.push(`${m.type()}: ${m.text()}`));
            try {
                await tab.goto(`${origin}/`);
                await tab.waitForFunction(() => window.ready === true);
                await tab.evaluate(([u, n]) => window.watch(u, n), [url, name]);
                const start = Date.now();
                let last = "";
                let lastChange = Date.now();
                let rec;
                while (Date.now() - start < timeoutMs) {
                    await new Promise((r) => setTimeout(r, 200));
                    rec = await tab.evaluate(() => window.rec);
                    const key = `${rec.painted.length}/${rec.frameCount}`;
                    if (key !== last) {
                        last = key;
                        lastChange = Date.now();
                    }
                    if (rec.firstPaintMs !== undefined && Date.now() - lastChange > settleMs) break;
                }
                rec.timedOut = Date.now() - start >= timeoutMs;
                rec.console = console;
                if (screenshot) await tab.locator("canvas").screenshot({ path: screenshot }).catch(() => {});
                return rec;
            } finally {
                await tab.close();
            }
        },
        async close() {
            await context.close();
            server.close();
            rmSync(tmp, { recursive: true, force: true });
        },
    };
}
