// WebCodecs in headless Chromium (the Debian package, never a downloaded browser), driven by
// playwright-core. The page and the frame payloads are served by an HTTP server on 127.0.0.1.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const DECODE_TIMEOUT_MS = 60_000;
const ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
];

export async function startBrowser() {
    const page = readFileSync(new URL("./page.html", import.meta.url));
    const blobs = new Map();
    const server = createServer((req, res) => {
        const url = new URL(req.url, "http://127.0.0.1");
        if (url.pathname === "/") {
            res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
            res.end(page);
        } else if (url.pathname.startsWith("/blob/") && blobs.has(url.pathname.slice(6))) {
            res.writeHead(200, { "content-type": "application/octet-stream" });
            res.end(blobs.get(url.pathname.slice(6)));
        } else {
            res.writeHead(404);
            res.end();
        }
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    const userDataDir = mkdtempSync(join(tmpdir(), "moq-mux-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: EXECUTABLE,
        headless: true,
        args: ARGS,
    });
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => window.ready === true);
    const version = context.browser()?.version() ?? (await tab.evaluate(() => navigator.userAgent));
    let nextId = 0;
    return {
        version,
        /** Decodes legacy frames [{ group, index, timestamp, payload }] of a rendition { kind, config }. */
        async decode(kind, config, frames) {
            const id = String(nextId++);
            let offset = 0;
            const meta = frames.map((f) => {
                const m = { group: f.group, index: f.index, timestamp: f.timestamp, offset, size: f.payload.length };
                offset += f.payload.length;
                return m;
            });
            blobs.set(id, Buffer.concat(frames.map((f) => f.payload)));
            const decoderConfig = kind === "video"
                ? { codec: config.codec, codedWidth: config.codedWidth, codedHeight: config.codedHeight }
                : { codec: config.codec, sampleRate: config.sampleRate, numberOfChannels: config.numberOfChannels };
            let timer;
            try {
                // A decoder that never calls back must fail the check, not hang CI.
                const timeout = new Promise((_, reject) => {
                    timer = setTimeout(() => reject(new Error(`no result after ${DECODE_TIMEOUT_MS / 1000} s`)), DECODE_TIMEOUT_MS);
                });
                return await Promise.race([
                    tab.evaluate((job) => window.decodeTrack(job), {
                        kind,
                        config: decoderConfig,
                        description: config.description,
                        blob: `/blob/${id}`,
                        frames: meta,
                    }),
                    timeout,
                ]);
            } catch (e) {
                return { supported: true, full: { decoded: 0, timestamps: [], error: String(e.message ?? e) }, groups: [] };
            } finally {
                clearTimeout(timer);
                blobs.delete(id);
            }
        },
        async close() {
            await context.close();
            server.close();
            rmSync(userDataDir, { recursive: true, force: true });
        },
    };
}
