package io.github.moqmux.net.mux;

import io.netty.buffer.ByteBuf;

/** The receiving half of a stream. */
public interface MuxRecvStream {
    /** @return the stream's id in QUIC numbering */
    long id();

    /**
     * Sets the receiver of this stream's bytes and end. Call it once, on the executor, before the
     * callback that delivered the stream returns; bytes that arrived earlier are delivered first.
     *
     * @param handler the handler
     */
    void handler(Handler handler);

    /**
     * Asks the peer to stop sending (STOP_SENDING); bytes still arriving are discarded. Idempotent.
     *
     * @param code the application error code
     */
    void stopSending(long code);

    /** Receives a stream's bytes, in order. Every method runs on the connection's executor. */
    interface Handler {
        /**
         * More bytes arrived. Flow-control credit for them is returned to the peer when this call
         * returns.
         *
         * @param data the bytes; the handler owns and releases them
         */
        void onData(ByteBuf data);

        /** The peer ended the stream normally (FIN); no more bytes follow. */
        void onFin();

        /**
         * The peer reset the stream, or the connection ended first.
         *
         * @param code the application error code ({@link MuxStreamException#CONNECTION_CLOSED} when the
         *             connection ended)
         */
        void onReset(long code);
    }
}
