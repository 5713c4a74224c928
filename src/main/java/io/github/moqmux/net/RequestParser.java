package io.github.moqmux.net;

import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;

/**
 * The shape every moq-lite control stream shares: one request message opens it, this side
 * answers once, and whatever follows is either read and ignored (SUBSCRIBE_UPDATE, lite-02
 * session info) or a protocol error. Subclasses say which request they expect, how they answer
 * it and what may follow; this class keeps the message size limit and which of the two phases
 * the stream is in.
 *
 * <p>Runs on the session's executor, like every {@link InboundStream.Parser}.
 */
abstract class RequestParser implements InboundStream.Parser {
    /** Where a request stream is: before its request, or answered and reading what follows. */
    enum Phase { AWAITING_REQUEST, ANSWERED }

    final MoqSession session;
    private final Kind request;
    private Phase phase = Phase.AWAITING_REQUEST;

    /**
     * @param session the session the stream belongs to
     * @param request the kind of the message that opens the stream
     */
    RequestParser(MoqSession session, Kind request) {
        this.session = session;
        this.request = request;
    }

    @Override
    public final int lookahead() {
        // A whole message (up to the configured size) plus its length prefix and type.
        return session.config().maxMessageSize() + 16;
    }

    @Override
    public final boolean parse(InboundStream in, ByteBuf hdr) {
        if (answered()) {
            return afterRequest(hdr);
        }
        Message m = readRequest(hdr);
        if (m == null) {
            return false;
        }
        phase = Phase.ANSWERED;
        answer(m);
        return true;
    }

    /** @return whether the request has been answered, so that further bytes are follow-ups */
    boolean answered() {
        return phase == Phase.ANSWERED;
    }

    /**
     * Reads the request; the default reads one message of the request kind at the session's
     * version.
     *
     * @return the request, or null with the reader index unchanged when it is incomplete
     */
    Message readRequest(ByteBuf hdr) {
        return read(hdr, request, session.version());
    }

    /** Acts on the request; may throw {@link SessionError} to end the session. */
    abstract void answer(Message request);

    /**
     * Handles bytes after the request.
     *
     * @return true when one item was consumed, false when it is incomplete
     */
    abstract boolean afterRequest(ByteBuf hdr);

    /** @return one message of {@code kind} at {@code version}, or null when incomplete */
    final Message read(ByteBuf hdr, Kind kind, Version version) {
        return Codec.read(hdr, kind, version, session.config().maxMessageSize());
    }

    /** @return the error that ends the session when a peer sends more than the one request */
    static SessionError unexpected(String what) {
        return new SessionError(ErrorCode.UNEXPECTED_MESSAGE, what);
    }
}
