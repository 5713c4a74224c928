// A `ws` WebSocket server on 127.0.0.1 that hands each upgrade to @moq/qmux 0.3.3 and @moq/net
// 0.3.4's Connection.accept, as moq-relay does: subprotocols chosen in the server's order
// (qmux-00 framing of moq-lite-05, -04, -03, then the moql SETUP path, then the bare qmux-00 and
// legacy webtransport framings, both of which lead to the moql SETUP exchange, i.e. lite-02).
import "./env.mjs";
import { WebSocketServer } from "ws";
import Session from "@moq/qmux";
import * as Moq from "@moq/net";

export const SERVER_ORDER = ["moq-lite-05", "moq-lite-04", "moq-lite-03", "moql"];

export function choose(offered, alpns = SERVER_ORDER) {
    for (const alpn of alpns) if (offered.has(`qmux-00.${alpn}`)) return `qmux-00.${alpn}`;
    for (const bare of ["qmux-00", "webtransport"]) if (offered.has(bare)) return bare;
    return false;
}

/** Listens on host:port; calls onSession(established, info) for every accepted moq session. */
export async function listen({ host, port, alpns }, onSession) {
    const wss = new WebSocketServer({ host, port, handleProtocols: (offered) => choose(offered, alpns) });
    await new Promise((resolve, reject) => {
        wss.once("listening", resolve);
        wss.once("error", reject);
    });
    const address = wss.address();
    wss.on("connection", async (socket, req) => {
        const info = { protocol: socket.protocol, path: req.url };
        try {
            const session = Session.accept(socket, { protocol: socket.protocol });
            await session.ready;
            const conn = await Moq.Connection.accept(session, new URL(`http://${address.address}:${address.port}${req.url}`));
            info.version = conn.version;
            console.error(`[server] session: subprotocol ${info.protocol || "(none)"}, ${conn.version}, path ${info.path}`);
            await onSession(conn, info);
        } catch (e) {
            console.error(`[server] session failed: ${e?.stack ?? e}`);
        }
    });
    return { wss, port: address.port, close: () => wss.close() };
}
