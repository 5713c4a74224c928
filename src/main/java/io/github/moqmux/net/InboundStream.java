package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.wire.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The receiving side of one peer stream: copies the few header bytes it needs into a small heap
 * buffer (messages and frame headers), and hands frame payloads on as retained slices of the
 * transport's buffers, never copied. What the bytes mean is decided by the current
 * {@link Parser}, which may replace itself (the stream type selects the next parser).
 *
 * <p>Runs on the connection's executor only. Owns {@code hdr}, released when the stream ends or
 * the session is disposed.
 */
final class InboundStream implements MuxRecvStream.Handler {
    /** Interprets a stream's bytes. */
    interface Parser {
        /** @return the most header bytes to look at while a message is incomplete */
        int lookahead();

        /**
         * Parses one item from {@code hdr}: consumes it and returns true, or returns false with the
         * reader index unchanged when incomplete. May call {@link #expectPayload}.
         */
        boolean parse(InboundStream in, ByteBuf hdr);

        /** Payload bytes announced by {@link #expectPayload}; the parser owns the slice. */
        default void payload(InboundStream in, ByteBuf slice) {
            slice.release();
        }

        /**
         * The stream ended: {@code fin} true for FIN, else a reset (or the end of the session).
         *
         * @param midItem whether the end cut an item (a message or frame) short
         */
        void end(InboundStream in, boolean fin, long code, boolean midItem);
    }

    final MoqSession session;
    final MuxRecvStream stream;
    Parser parser;
    /** Whether the peer opened this stream (it counts against the peer's stream limit). */
    boolean peerOpened;
    private ByteBuf hdr = Unpooled.buffer(64);
    private long payloadRemaining;
    private boolean ended;

    InboundStream(MoqSession session, MuxRecvStream stream, Parser parser) {
        this.session = session;
        this.stream = stream;
        this.parser = parser;
    }

    /** Switches the next {@code n} bytes to payload mode. */
    void expectPayload(long n) {
        payloadRemaining = n;
    }

    /** @return payload bytes still expected for the current item */
    long payloadRemaining() {
        return payloadRemaining;
    }

    @Override
    public void onData(ByteBuf data) {
        try {
            while (data.isReadable() && !ended) {
                if (payloadRemaining > 0) {
                    int n = (int) Math.min(payloadRemaining, data.readableBytes());
                    payloadRemaining -= n;
                    parser.payload(this, data.readRetainedSlice(n));
                    continue;
                }
                ByteBuf h = hdr;
                int k = h.readableBytes();
                // Look at 64 bytes, or twice what is already waiting: small messages cost a small
                // copy each, a large one O(its size) in total, whatever the lookahead limit.
                int m = Math.min(Math.min(parser.lookahead() - k, Math.max(64, k)), data.readableBytes());
                if (m <= 0) {
                    throw new MoqMuxException(MoqMuxException.Kind.PROTOCOL, "message longer than the limit");
                }
                h.writeBytes(data, data.readerIndex(), m);
                int before = h.readerIndex();
                if (parser.parse(this, h)) {
                    if (ended) {
                        break; // the parser abandoned the stream
                    }
                    int consumed = h.readerIndex() - before;
                    data.skipBytes(consumed - k);
                    h.clear();
                } else {
                    data.skipBytes(m);
                }
            }
        } catch (MoqMuxException e) {
            session.fail(ErrorCode.DECODE, e.getMessage());
        } catch (SessionError e) {
            session.fail(e.code, e.getMessage());
        } finally {
            data.release();
        }
    }

    @Override
    public void onFin() {
        finish(true, 0);
    }

    @Override
    public void onReset(long code) {
        finish(false, code);
    }

    /** Ends this stream's reading as if the peer had reset it (the session ended). */
    void dispose(long code) {
        finish(false, code);
    }

    /** Stops reading: later bytes are dropped, the parser hears nothing more. */
    void abandon() {
        if (!ended) {
            ended = true;
            hdr = null;
            session.inboundEnded(this);
        }
    }

    private void finish(boolean fin, long code) {
        if (ended) {
            return;
        }
        boolean midItem = payloadRemaining > 0 || hdr.isReadable();
        ended = true;
        hdr = null;
        session.inboundEnded(this);
        try {
            parser.end(this, fin, code, midItem);
        } catch (SessionError e) {
            session.fail(e.code, e.getMessage());
        } catch (RuntimeException e) {
            session.fail(ErrorCode.PROTOCOL_VIOLATION, e.toString());
        }
    }

    /** Thrown by parsers to end the session with a code. */
    static final class SessionError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** @serial the code the session closes with */
        final long code;

        SessionError(long code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
