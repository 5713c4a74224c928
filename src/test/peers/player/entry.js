// Browser entry bundled by esbuild (lib/player.mjs): registers <moq-watch> from @moq/watch 0.4.6
// and exposes window.watch(url, name), which mounts a player with no WebSocket head start
// (MOQ-WIRE §12.3) and records what its signals show every 20 ms.
import "@moq/watch/element";

const peek = (s) => (s && typeof s.peek === "function" ? s.peek() : s);

window.watch = (url, name) => {
    const el = document.createElement("moq-watch");
    el.connection.websocket = { ...(el.connection.websocket ?? {}), delay: 0 };
    el.setAttribute("url", url);
    el.setAttribute("name", name);
    el.setAttribute("visible", "always");
    const canvas = document.createElement("canvas");
    el.appendChild(canvas);
    document.body.appendChild(el);
    const rec = {
        start: performance.now(),
        connection: [], // [ms, status] on change
        broadcast: [],
        painted: [], // distinct painted timestamps (ms of media time), in order
        frameCount: 0,
        bytesReceived: 0,
        maxVariance: 0,
        firstPaintMs: undefined,
        errors: [],
    };
    window.rec = rec;
    const variance = () => {
        if (!canvas.width || !canvas.height) return 0;
        const ctx = canvas.getContext("2d");
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let n = 0;
        let sum = 0;
        let sq = 0;
        for (let i = 0; i < data.length; i += 16) {
            const y = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
            sum += y;
            sq += y * y;
            n++;
        }
        return n ? sq / n - (sum / n) ** 2 : 0;
    };
    let ticks = 0;
    setInterval(() => {
        const now = Math.round(performance.now() - rec.start);
        const c = peek(el.connection.status);
        if (rec.connection.at(-1)?.[1] !== c) rec.connection.push([now, c]);
        const b = peek(el.broadcast.out.status);
        if (rec.broadcast.at(-1)?.[1] !== b) rec.broadcast.push([now, b]);
        const t = peek(el.renderer.out.timestamp);
        if (t !== undefined && rec.painted.at(-1) !== t) {
            rec.painted.push(t);
            if (rec.firstPaintMs === undefined) rec.firstPaintMs = now;
        }
        const stats = peek(el.video.out.stats);
        if (stats) {
            rec.frameCount = Math.max(rec.frameCount, stats.frameCount);
            rec.bytesReceived = Math.max(rec.bytesReceived, stats.bytesReceived);
        }
        if (++ticks % 5 === 0 && t !== undefined) {
            try {
                rec.maxVariance = Math.max(rec.maxVariance, variance());
            } catch (e) {
                if (rec.errors.length < 5) rec.errors.push(`canvas: ${e.message}`);
            }
        }
    }, 20);
    return true;
};
window.addEventListener("error", (e) => window.rec?.errors.push(String(e.message)));
window.ready = true;
