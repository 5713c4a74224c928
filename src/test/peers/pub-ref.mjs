// Reference publisher (client role): connects to a relay at URL with @moq/net 0.3.4 connect()
// and publishes a `moq-mux-cli dump` directory as broadcast NAME at media pace; exits 1 s after
// every track ended. The Java `publish` replaces it.
// Usage: node pub-ref.mjs --name NAME [--grace MS] URL <dump dir>
import "./lib/env.mjs";
import { parseArgs } from "node:util";
import * as Moq from "@moq/net";
import { DumpBroadcast } from "./lib/publisher.mjs";

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, grace: { type: "string", default: "500" } },
});
if (!values.name || positionals.length !== 2) {
    console.error("usage: pub-ref.mjs --name NAME [--grace MS] URL <dump dir>");
    process.exit(2);
}
console.warn = console.debug = console.info = console.log = () => {};
const url = new URL(positionals[0].replace(/^ws:/, "http:").replace(/^wss:/, "https:"));
try {
    const conn = await Moq.Connection.connect(url);
    const broadcast = new DumpBroadcast(positionals[1], { graceMs: Number(values.grace) });
    conn.publish(Moq.Path.from(values.name), broadcast.producer);
    await broadcast.done;
    await new Promise((r) => setTimeout(r, 1000));
    conn.close();
    process.exit(0);
} catch (e) {
    process.stderr.write(`error: ${e?.message ?? e}\n`);
    process.exit(1);
}
