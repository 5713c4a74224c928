// Node 20 lacks Promise.withResolvers (used by @moq/qmux) and a global WebSocket.
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    return { promise, resolve, reject };
  };
}
import WebSocket from "ws";
globalThis.WebSocket = WebSocket;
