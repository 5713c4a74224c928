package io.github.moqmux.net.mux;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/** The sending half of a stream. Methods may be called from any thread. */
public interface MuxSendStream {
    /** @return the stream's id in QUIC numbering ({@code n << 2 | uni << 1 | server}) */
    long id();

    /**
     * Queues bytes to send. Never blocks: bytes beyond the peer's flow-control credit wait in the
     * transport, and {@link #queuedBytes()} counts them so a caller can bound its own buffering.
     *
     * <p>Ownership: {@code data} is transferred to the stream, which releases it (also when the call
     * fails or the stream is reset).
     *
     * @param data the bytes from its reader index to its writer index
     */
    void write(ByteBuf data);

    /** Ends the stream after the bytes already queued (FIN). Idempotent. */
    void finish();

    /**
     * Abandons the stream: queued bytes are dropped and the peer sees RESET_STREAM. Idempotent; a
     * no-op once {@link #done()} has completed.
     *
     * @param code the application error code
     */
    void reset(long code);

    /** @return bytes written but not yet handed to the connection (waiting for credit or the socket) */
    long queuedBytes();

    /**
     * Completes normally once every byte through FIN was handed to the connection; exceptionally
     * with {@link MuxStreamException} when the stream was reset by this side, stopped by the peer
     * (STOP_SENDING) or ended with its connection.
     *
     * @return the stream's end
     */
    CompletableFuture<Void> done();
}
