// The Node side of the WebSocket interop run (see run.sh): @moq/qmux 0.3.3 against our Java
// WebSocket binding.
//   node peer.mjs client URL   checks our Java echo server; prints PASS/FAIL lines
//   node peer.mjs server       an echo server; prints "PORT n", serves until stdin ends
import "./shim.mjs";
import WebSocket, { WebSocketServer } from "ws";
import Session, { selectSubprotocol } from "@moq/qmux";
import { randomBytes } from "node:crypto";

const TIMEOUT_MS = 30000;

async function readAll(readable) {
  const chunks = [];
  const reader = readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

async function writeAll(writable, data) {
  const writer = writable.getWriter();
  for (let off = 0; off < data.length; off += 50000) {
    await writer.write(data.subarray(off, Math.min(data.length, off + 50000)));
  }
  await writer.close();
}

function withTimeout(p, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`timeout: ${what}`)), TIMEOUT_MS); })])
    .finally(() => clearTimeout(t));
}

let failed = 0;
async function check(name, fn) {
  try {
    await withTimeout(fn(), name);
    console.log(`PASS ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}

function expect(ok, what) {
  if (!ok) throw new Error(what);
}

async function bidiEcho(session, data) {
  const bidi = await session.createBidirectionalStream();
  const [, back] = await Promise.all([writeAll(bidi.writable, data), readAll(bidi.readable)]);
  return back;
}

async function nextUni(iter) {
  const { value, done } = await iter.read();
  if (done) throw new Error("no more incoming streams");
  return readAll(value);
}

async function clientChecks(label, session) {
  const incoming = session.incomingUnidirectionalStreams.getReader();
  await check(`${label}: bidi echo, small`, async () => {
    const back = await bidiEcho(session, Buffer.from("hello"));
    expect(back.toString() === "hello", `got ${back}`);
  });
  await check(`${label}: bidi echo, 3 MiB (flow control both ways)`, async () => {
    const data = randomBytes(3 << 20);
    const back = await bidiEcho(session, data);
    expect(back.equals(data), `echo differs (${back.length} bytes)`);
  });
  await check(`${label}: uni echo, 200 KiB`, async () => {
    const data = randomBytes(200 << 10);
    await writeAll(await session.createUnidirectionalStream(), data);
    const back = await nextUni(incoming);
    expect(back.equals(data), "echo differs");
  });
  await check(`${label}: 150 uni streams (beyond the initial limit of 100)`, async () => {
    const sends = [];
    for (let i = 0; i < 150; i++) {
      sends.push(session.createUnidirectionalStream().then((w) => writeAll(w, Buffer.from(`stream ${i}`))));
    }
    const got = new Set();
    for (let i = 0; i < 150; i++) got.add((await nextUni(incoming)).toString());
    await Promise.all(sends);
    for (let i = 0; i < 150; i++) expect(got.has(`stream ${i}`), `stream ${i} missing`);
  });
  incoming.releaseLock();
}

async function client(url) {
  // @moq/net style: qmux-00.moq-lite-05 only.
  let s = new Session(new URL(url), { protocols: ["moq-lite-05"], versions: { "moq-lite-05": "qmux-00" }, requireProtocol: true });
  await check("node client, qmux-00.moq-lite-05: session ready, protocol moq-lite-05", async () => {
    await s.ready;
    expect(s.protocol === "moq-lite-05", `protocol "${s.protocol}"`);
  });
  await clientChecks("node client, qmux-00.moq-lite-05", s);
  s.close({ closeCode: 0, reason: "done" });

  // @moq/lite 0.2.2 style: no protocols, so only the bare names are offered.
  s = new Session(new URL(url));
  await check("node client, bare names offered: server picks qmux-00, protocol empty", async () => {
    await s.ready;
    expect(s.protocol === "", `protocol "${s.protocol}"`);
    const back = await bidiEcho(s, Buffer.from("bare"));
    expect(back.toString() === "bare", `got ${back}`);
  });
  s.close();

  // The legacy web-transport-ws framing.
  const ws = new WebSocket(url, ["webtransport"]);
  s = new Session(ws);
  await check("node client, webtransport: session ready", async () => {
    await s.ready;
    expect(ws.protocol === "webtransport", `subprotocol "${ws.protocol}"`);
  });
  await clientChecks("node client, webtransport", s);
  s.close();
  process.exit(failed ? 1 : 0);
}

async function echo(session) {
  (async () => {
    const reader = session.incomingBidirectionalStreams.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      value.readable.pipeTo(value.writable).catch(() => {});
    }
  })().catch(() => {});
  (async () => {
    const reader = session.incomingUnidirectionalStreams.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      (async () => {
        const data = await readAll(value);
        await writeAll(await session.createUnidirectionalStream(), data);
      })().catch(() => {});
    }
  })().catch(() => {});
}

async function server() {
  const options = { protocols: ["moq-lite-05"], versions: { "moq-lite-05": "qmux-00" } };
  const wss = new WebSocketServer({
    host: "127.0.0.1", port: 0,
    handleProtocols: (protocols) => selectSubprotocol([...protocols], options) ?? false,
  });
  await new Promise((r) => wss.on("listening", r));
  wss.on("connection", (socket) => {
    const session = Session.accept(socket, { protocol: socket.protocol });
    session.ready.then(() => echo(session)).catch(() => {});
  });
  console.log(`PORT ${wss.address().port}`);
  process.stdin.resume();
  process.stdin.on("end", () => { wss.close(); process.exit(0); });
}

const [mode, url] = process.argv.slice(2);
if (mode === "client") await client(url);
else if (mode === "server") await server();
else { console.error("usage: node peer.mjs client URL | server"); process.exit(2); }
