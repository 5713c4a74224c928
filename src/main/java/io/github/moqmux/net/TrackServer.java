package io.github.moqmux.net;

import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.netty.buffer.ByteBuf;

/**
 * Serves a lite-05 Track stream the peer opened: TRACK_INFO then FIN, or a reset "not found".
 *
 * <p>Runs on the session's executor.
 */
final class TrackServer extends RequestParser {
    private final MuxStream stream;

    TrackServer(MoqSession session, MuxStream stream) {
        super(session, Kind.TRACK);
        this.stream = stream;
    }

    @Override
    void answer(Message request) {
        TrackRequest req = (TrackRequest) request;
        NetworkTrack track = session.lookup(req.broadcast(), req.track());
        if (track == null) {
            stream.reset(ErrorCode.NOT_FOUND);
            return;
        }
        int priority = Math.max(0, Math.min(255, track.info().priority()));
        session.send(stream, -1, new TrackInfo(priority, false, maxLatencyMillis(req.broadcast()), TrackSender.TIMESCALE));
        stream.finish();
    }

    /** @return the broadcast's window: how far behind live a subscriber may fall */
    private long maxLatencyMillis(String broadcast) {
        NetworkBroadcast b = session.served(broadcast);
        return b == null ? NetworkBroadcast.DEFAULT_WINDOW.toMillis() : b.window().toMillis();
    }

    @Override
    boolean afterRequest(ByteBuf hdr) {
        throw unexpected("message after TRACK");
    }

    @Override
    public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        if (!answered()) {
            stream.reset(ErrorCode.CANCEL);
        }
    }
}
