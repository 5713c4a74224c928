// Reference server: serves a `moq-mux-cli dump` directory as broadcast NAME at ws://HOST:PORT/
// with @moq/net 0.3.4, at media pace, to any number of viewers; keeps running after the tracks
// end until killed. The harness is proven against it; the Java `serve` replaces it.
// Usage: node serve-ref.mjs --listen HOST:PORT --name NAME [--grace MS] [--catalogs-at-clock] <dump dir>
//   --grace MS: start the clock MS after the first media subscription even if some tracks have
//   none (default 500; negative: at once, not waiting for anyone, to see what late joiners miss)
//   --catalogs-at-clock: write the catalog groups after the first when the clock starts
import { listen } from "./lib/wsserver.mjs";
import { DumpBroadcast } from "./lib/publisher.mjs";
import * as Moq from "@moq/net";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { listen: { type: "string" }, name: { type: "string" }, grace: { type: "string", default: "500" }, "catalogs-at-clock": { type: "boolean", default: false } },
});
if (!values.listen || !values.name || positionals.length !== 1) {
    console.error("usage: serve-ref.mjs --listen HOST:PORT --name NAME [--grace MS] [--catalogs-at-clock] <dump dir>");
    process.exit(2);
}
const [host, port] = [values.listen.slice(0, values.listen.lastIndexOf(":")), Number(values.listen.slice(values.listen.lastIndexOf(":") + 1))];
const broadcast = new DumpBroadcast(positionals[0], { graceMs: Number(values.grace), catalogsAtClock: values["catalogs-at-clock"] });
const server = await listen({ host, port }, (conn) => conn.publish(Moq.Path.from(values.name), broadcast.producer));
console.log(`ws://${host}:${server.port}/ name=${values.name}`);
broadcast.done.catch((e) => {
    console.error(`error: ${e?.stack ?? e}`);
    process.exit(1);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));
