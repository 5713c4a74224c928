package io.github.moqmux.net;

import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Subscribe stream the peer opened: OK (or a reset "not found"), then groups via a
 * {@link TrackSender}, until the subscriber closes its side.
 *
 * <p>Runs on the session's executor.
 */
final class SubscribeServer extends RequestParser {
    /** The session's logger, so that logging configured for sessions keeps covering this. */
    private static final Logger log = LoggerFactory.getLogger(MoqSession.class);

    private final MuxStream stream;
    private TrackSender sender;
    private boolean refused;

    SubscribeServer(MoqSession session, MuxStream stream) {
        super(session, Kind.SUBSCRIBE);
        this.stream = stream;
    }

    @Override
    void answer(Message request) {
        Subscribe sub = (Subscribe) request;
        if (!session.claimServedId(sub.id())) {
            throw new SessionError(ErrorCode.DUPLICATE, "subscribe id " + sub.id() + " reused");
        }
        NetworkTrack track = session.lookup(sub.broadcast(), sub.track());
        if (track == null) {
            log.debug("subscribe {} to {}/{}: not found", sub.id(), sub.broadcast(), sub.track());
            refused = true;
            stream.reset(ErrorCode.NOT_FOUND);
            return;
        }
        sender = new TrackSender(session, stream, sub, track, session.version());
        session.senderStarted(sender);
        sender.start();
    }

    @Override
    boolean afterRequest(ByteBuf hdr) {
        // SUBSCRIBE_UPDATE: priorities and ranges are not re-planned; read and ignore.
        return read(hdr, Kind.SUBSCRIBE_UPDATE, session.version()) != null;
    }

    @Override
    public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        // The subscriber closed its side: the subscription is over.
        if (sender != null) {
            sender.cancel(ErrorCode.CANCEL);
        } else if (!refused) {
            stream.reset(ErrorCode.CANCEL);
        }
    }
}
