/**
 * The seam between moq-lite sessions and their transports: a connection that carries many
 * independent, ordered byte streams, as QUIC does. {@link io.github.moqmux.net.mux.MuxConnection}
 * is implemented by the WebSocket binding (qmux and the legacy {@code webtransport} framing) and,
 * later, by native QUIC; the moq-lite session is written against it only.
 *
 * <h2>Threads</h2>
 * Every callback of a connection and of its streams runs on {@link
 * io.github.moqmux.net.mux.MuxConnection#executor()}, one at a time and in order. Methods may be
 * called from any thread; implementations hop onto the executor.
 *
 * <h2>Buffer ownership</h2>
 * A buffer passed to {@link io.github.moqmux.net.mux.MuxSendStream#write} belongs to the stream
 * from then on (released also when the call fails). A buffer handed to
 * {@link io.github.moqmux.net.mux.MuxRecvStream.Handler#onData} belongs to the handler, which
 * releases it.
 */
package io.github.moqmux.net.mux;
