// Subscriber CLI: connects to a moq server over WebSocket with one real client, reads broadcast
// NAME into dump's layout under --out, prints a JSON summary and exits (0: every track ended or
// idle after data; 1: a track failed; 3: hard timeout).
// Usage: node sub.mjs --client net05|net04|lite02 [--framing qmux-00|webtransport] --name NAME
//                     --out DIR [--catalogs catalog.json,catalog] [--idle MS] [--timeout MS] URL
//   net05  @moq/net 0.3.4 connect(): its whole WebSocket offer, moq-lite-05 preferred
//   net04  @moq/net 0.3.4 over a qmux-00.moq-lite-04 session (moq-lite-04 only)
//   lite02 @moq/lite 0.2.2 connect(): its WebSocket fallback (qmux-00 or webtransport framing,
//          then the moql SETUP exchange: moq-lite-02); --framing pins the framing it offers
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
        client: { type: "string", default: "net05" },
        framing: { type: "string" },
        name: { type: "string" },
        out: { type: "string" },
        catalogs: { type: "string", default: "catalog.json" },
        idle: { type: "string", default: "3000" },
        timeout: { type: "string", default: "30000" },
        verbose: { type: "boolean", default: false },
    },
});
if (!values.name || !values.out || positionals.length !== 1 || !["net05", "net04", "lite02"].includes(values.client)) {
    console.error("usage: sub.mjs --client net05|net04|lite02 [--framing F] --name NAME --out DIR [--catalogs a,b] [--idle MS] [--timeout MS] URL");
    process.exit(2);
}
if (values.framing) process.env.MOQ_PEERS_WS_OFFER = values.framing;
const { PeerWebSocket } = await import("./lib/env.mjs");
const { readBroadcast } = await import("./lib/subscriber.mjs");
const log = values.verbose ? (m) => console.error(`[sub ${values.client}] ${m}`) : () => {};
// The packages log "connected via WebSocket" and the like; keep stdout for the summary.
console.warn = console.debug = console.info = console.log = values.verbose ? console.error : () => {};
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");

const url = new URL(positionals[0].replace(/^ws:/, "http:").replace(/^wss:/, "https:"));
const summary = { client: values.client };
const timer = setTimeout(() => {
    summary.stop = "timeout";
    summary.offered = PeerWebSocket.offered;
    summary.selected = PeerWebSocket.selected;
    print(summary);
    process.exit(3);
}, Number(values.timeout));

try {
    let conn;
    let api;
    let flavour = "net";
    if (values.client === "lite02") {
        api = await import("@moq/lite");
        flavour = "lite";
        conn = await api.Connection.connect(url);
    } else {
        api = await import("@moq/net");
        if (values.client === "net04") {
            const { default: Session } = await import("@moq/qmux");
            const transport = new Session(url, { protocols: ["moq-lite-04"], versions: { "moq-lite-04": ["qmux-00"] }, requireProtocol: true });
            await transport.ready;
            conn = await api.Connection.connect(url, { transport });
        } else {
            conn = await api.Connection.connect(url);
        }
    }
    summary.version = conn.version;
    summary.selected = PeerWebSocket.selected;
    summary.offered = PeerWebSocket.offered;
    log(`connected: subprotocol ${PeerWebSocket.selected}, version ${conn.version}`);
    const result = await readBroadcast(conn, {
        api,
        flavour,
        name: values.name,
        out: values.out,
        catalogs: values.catalogs.split(",").filter(Boolean),
        idleMs: Number(values.idle),
        log,
    });
    Object.assign(summary, result);
    clearTimeout(timer);
    print(summary);
    const failed = Object.values(result.tracks).some((t) => t.end.startsWith("error"));
    try {
        conn.close();
    } catch {}
    process.exit(failed ? 1 : 0);
} catch (e) {
    clearTimeout(timer);
    summary.stop = `error: ${e?.message ?? e}`;
    print(summary);
    process.exit(1);
}
