// Relay-role peer: a @moq/net 0.3.4 server that accepts one publisher over WebSocket, opens
// announce interest, subscribes the catalog and every track the catalog names (as moq-relay does
// for a viewer), writes what it receives in dump's layout under --out, prints a JSON summary and
// exits (0: every track ended or idle after data; 1: a track failed; 3: hard timeout).
// Usage: node relay.mjs --listen HOST:PORT --out DIR [--name NAME] [--alpns moq-lite-05,…]
//                       [--catalogs catalog.json,catalog] [--idle MS] [--timeout MS]
// It prints "listening ws://HOST:PORT/" on stderr once it accepts connections.
import "./lib/env.mjs";
import { parseArgs } from "node:util";
import * as Moq from "@moq/net";
import { listen, SERVER_ORDER } from "./lib/wsserver.mjs";
import { readBroadcast } from "./lib/subscriber.mjs";

const { values } = parseArgs({
    options: {
        listen: { type: "string" },
        out: { type: "string" },
        name: { type: "string" },
        alpns: { type: "string", default: SERVER_ORDER.join(",") },
        catalogs: { type: "string", default: "catalog.json" },
        idle: { type: "string", default: "3000" },
        timeout: { type: "string", default: "30000" },
        verbose: { type: "boolean", default: false },
    },
});
if (!values.listen || !values.out) {
    console.error("usage: relay.mjs --listen HOST:PORT --out DIR [--name NAME] [--alpns a,b] [--catalogs a,b] [--idle MS] [--timeout MS]");
    process.exit(2);
}
const log = values.verbose ? (m) => console.error(`[relay] ${m}`) : () => {};
console.warn = console.debug = console.info = console.log = values.verbose ? console.error : () => {};
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const summary = { role: "relay" };
setTimeout(() => {
    summary.stop = "timeout";
    print(summary);
    process.exit(3);
}, Number(values.timeout));

const i = values.listen.lastIndexOf(":");
let taken = false;
const server = await listen({ host: values.listen.slice(0, i), port: Number(values.listen.slice(i + 1)), alpns: values.alpns.split(",") }, async (conn, info) => {
    if (taken) return conn.close(); // one publisher per run
    taken = true;
    Object.assign(summary, { selected: info.protocol, version: conn.version, path: info.path });
    try {
        const result = await readBroadcast(conn, {
            api: Moq,
            flavour: "net",
            name: values.name,
            out: values.out,
            catalogs: values.catalogs.split(",").filter(Boolean),
            idleMs: Number(values.idle),
            log,
        });
        Object.assign(summary, result);
        print(summary);
        process.exit(Object.values(result.tracks).some((t) => t.end.startsWith("error")) ? 1 : 0);
    } catch (e) {
        summary.stop = `error: ${e?.message ?? e}`;
        print(summary);
        process.exit(1);
    }
});
process.stderr.write(`listening ws://${values.listen.slice(0, i)}:${server.port}/\n`);
