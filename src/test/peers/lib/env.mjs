// Node 20 environment for the @moq/* packages, imported before them:
// - Promise.withResolvers (Node 22+) polyfilled with the ES2024 behaviour;
// - globalThis.WebSocket = ws, so @moq/lite's and @moq/net's connect() take their WebSocket
//   fallback (Node has no WebTransport). MOQ_PEERS_WS_OFFER (comma-separated) restricts the
//   subprotocols a client socket offers, to pin one framing of @moq/lite's fallback.
import WebSocket from "ws";

if (typeof Promise.withResolvers !== "function") {
    Object.defineProperty(Promise, "withResolvers", {
        configurable: true,
        writable: true,
        value: function withResolvers() {
            let resolve;
            let reject;
            const promise = new this((res, rej) => {
                resolve = res;
                reject = rej;
            });
            return { promise, resolve, reject };
        },
    });
}

const only = (process.env.MOQ_PEERS_WS_OFFER ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/** The client WebSocket the packages see; records what it offered and what the server chose. */
class PeerWebSocket extends WebSocket {
    constructor(url, protocols, options) {
        let offered = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
        if (only.length) offered = offered.filter((p) => only.includes(p));
        super(url, offered, options);
        PeerWebSocket.offered = offered;
        this.on("open", () => {
            PeerWebSocket.selected = this.protocol;
        });
    }
}
globalThis.WebSocket = PeerWebSocket;
export { PeerWebSocket };
