// Node 20 shims for the published @moq/hang files, loaded with `node --import ./lib/shims.mjs`.
//
// 1. @moq/hang's dist is compiled TypeScript that imports its own modules without file
//    extensions ("./catalog", "./audio"), which only bundlers resolve. A resolve hook retries
//    such relative specifiers with ".js" and "/index.js" (see lib/resolve-hook.mjs).
// 2. @moq/hang 0.2.4 (through @moq/lite / @moq/signals) calls Promise.withResolvers, which
//    Node only has from 22 on; polyfill it with the behaviour of the ES2024 built-in.
import { register } from "node:module";

register(new URL("./resolve-hook.mjs", import.meta.url));

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
