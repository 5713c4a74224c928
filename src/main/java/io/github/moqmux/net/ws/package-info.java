/**
 * The WebSocket binding of {@link io.github.moqmux.net.mux.MuxConnection}, on Netty: a
 * {@link io.github.moqmux.net.ws.WebSocketServer} that browsers and moq clients connect to, and a
 * {@link io.github.moqmux.net.ws.WebSocketClient} that connects to relays.
 *
 * <h2>Framings</h2>
 * <ul>
 *   <li><b>qmux-00</b> (subprotocols {@code qmux-00.<alpn>} and bare {@code qmux-00}): QUIC v1
 *       frames in WebSocket binary messages, after a first QX_TRANSPORT_PARAMETERS frame each way,
 *       with real flow control. We advertise {@link io.github.moqmux.net.ws.TransportLimits}
 *       (1 MiB per connection, 256 KiB per stream, 100 streams each way by default), never send
 *       beyond the peer's credit (the rest waits in the stream, counted by
 *       {@link io.github.moqmux.net.mux.MuxSendStream#queuedBytes()}), give credit back as the
 *       application consumes, and close a peer that exceeds ours with the QUIC transport error
 *       (FLOW_CONTROL_ERROR 0x3, STREAM_LIMIT_ERROR 0x4, FRAME_ENCODING_ERROR 0x7, ...).</li>
 *   <li><b>webtransport</b>: the legacy web-transport-ws framing (type byte, stream id, data to
 *       the end of the message), without flow control; what a stream buffers before its
 *       handler is set is still bounded.</li>
 * </ul>
 * We send one frame per WebSocket message, with STREAM payloads of at most 16352 bytes (what
 * {@code @moq/qmux} accepts on qmux-00), and accept several frames per message.
 *
 * <h2>How connections end</h2>
 * {@link io.github.moqmux.net.mux.MuxConnection#close} sends APPLICATION_CLOSE with the code and
 * reason, then a WebSocket Close. When the peer breaks the framing or our limits, the connection
 * sends CONNECTION_CLOSE with the QUIC transport error code; its
 * {@link io.github.moqmux.net.mux.MuxCloseReason} then carries that transport code as
 * {@code code} and a {@link io.github.moqmux.MoqMuxException} of kind {@code PROTOCOL} as
 * {@code cause}. A peer's CONNECTION_CLOSE is reported the same way with {@code remote} true; a
 * lost socket or idle timeout has a cause of kind {@code CONNECTION}.
 *
 * <p>{@link io.github.moqmux.net.mux.MuxConnection#protocol()} is the part after
 * {@code qmux-00.}: {@code moq-lite-05}, {@code moq-lite-04}, or {@code moql} (moq-lite-02/01 by
 * SETUP); it is empty for bare {@code qmux-00} and for {@code webtransport}, which also negotiate
 * by SETUP.
 *
 * <h2>Dependencies</h2>
 * This package needs {@code io.netty:netty-codec-http} and {@code io.netty:netty-handler}, which
 * the library declares {@code optional}: add them to use it. The importer does not need them.
 */
package io.github.moqmux.net.ws;
