package io.github.moqmux.net.mux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A multiplexed-stream connection: bidirectional and unidirectional streams opened by either side,
 * each ended with FIN or RESET, with flow control done by the implementation.
 *
 * <p>Lifecycle: the side that accepted or opened the connection calls {@link #handler(Handler)}
 * once, before any stream is accepted; streams the peer opens earlier are held until then.
 */
public interface MuxConnection {
    /**
     * The application protocol the transport negotiated (the ALPN, or the part of the WebSocket
     * subprotocol after {@code "qmux-00."}), for example {@code "moq-lite-05"}; the empty string
     * when none was negotiated (moq-lite then negotiates its version with the {@code moql} SETUP
     * exchange).
     *
     * @return the negotiated protocol, never null
     */
    String protocol();

    /** @return true on the side that accepted the connection */
    boolean isServer();

    /**
     * The path of the URL the connection was made to (for WebSocket, the request path without the
     * query), e.g. {@code "/"} or {@code "/anon/room"}; moq-lite uses it as the broadcast scope.
     *
     * @return the path, or the empty string when the transport carries none
     */
    String path();

    /**
     * The executor on which every callback of this connection and its streams runs, serially.
     *
     * @return the connection's executor (for Netty, the channel's event loop)
     */
    Executor executor();

    /**
     * Sets the receiver of streams the peer opens and of the connection's end. Call it once.
     *
     * @param handler the handler
     */
    void handler(Handler handler);

    /**
     * Opens a bidirectional stream. The future completes on the executor once the peer's stream
     * limit allows it, or exceptionally when the connection is closed.
     *
     * @return the new stream
     */
    CompletableFuture<MuxStream> openBidi();

    /**
     * Opens a unidirectional (send-only) stream, as {@link #openBidi()}.
     *
     * @return the new stream
     */
    CompletableFuture<MuxSendStream> openUni();

    /**
     * Closes the connection with an application error code (0 = no error); every open stream ends.
     * Idempotent.
     *
     * @param code   the application error code sent to the peer
     * @param reason a short human-readable reason
     */
    void close(long code, String reason);

    /**
     * Completes when the connection has ended, by either side or by a transport failure.
     *
     * @return the reason it ended
     */
    CompletableFuture<MuxCloseReason> closeFuture();

    /** Receives what the peer does on a connection. Every method runs on the executor. */
    interface Handler {
        /**
         * The peer opened a bidirectional stream. Set its handler before returning.
         *
         * @param stream the new stream
         */
        void onBidiStream(MuxStream stream);

        /**
         * The peer opened a unidirectional stream. Set its handler before returning.
         *
         * @param stream the new stream
         */
        void onUniStream(MuxRecvStream stream);

        /**
         * The connection ended. Streams receive no further callbacks after this one.
         *
         * @param reason why
         */
        void onClosed(MuxCloseReason reason);
    }
}
