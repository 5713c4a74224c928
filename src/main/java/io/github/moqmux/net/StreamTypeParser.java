package io.github.moqmux.net;

import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Version;
import io.github.moqmux.net.wire.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Reads the type that starts every stream the peer opens and hands the stream to the parser for
 * that type: the routing table of the session's publisher role (Announce, Track, Subscribe),
 * subscriber role (groups) and handshake (SETUP). A type this side does not serve is refused the
 * way moq-lite peers expect; an unknown one ends the session.
 */
final class StreamTypeParser implements InboundStream.Parser {
    private final MoqSession session;
    private final SessionSetup setup;
    /** The stream when it is bidirectional (answers go back on it); null for a unidirectional one. */
    private final MuxStream bidi;

    private StreamTypeParser(MoqSession session, SessionSetup setup, MuxStream bidi) {
        this.session = session;
        this.setup = setup;
        this.bidi = bidi;
    }

    /** @return the parser for a bidirectional stream the peer opened */
    static StreamTypeParser bidi(MoqSession session, SessionSetup setup, MuxStream stream) {
        return new StreamTypeParser(session, setup, stream);
    }

    /** @return the parser for a unidirectional stream the peer opened */
    static StreamTypeParser uni(MoqSession session, SessionSetup setup) {
        return new StreamTypeParser(session, setup, null);
    }

    @Override
    public int lookahead() {
        return 8;
    }

    @Override
    public boolean parse(InboundStream in, ByteBuf hdr) {
        long type = Codec.readStreamType(hdr);
        if (type == Wire.INCOMPLETE) {
            return false;
        }
        if (bidi != null) {
            routeBidi(in, bidi, type);
        } else {
            routeUni(in, type);
        }
        return true;
    }

    private void routeBidi(InboundStream in, MuxStream stream, long type) {
        Version version = session.version();
        if (version == null) {
            if (type == Codec.STREAM_CLIENT_COMPAT && session.connection().isServer()) {
                in.parser = setup.clientSetup(stream);
                return;
            }
            throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "stream type " + type + " before SETUP");
        }
        if (type == Codec.STREAM_ANNOUNCE) {
            in.parser = new AnnounceServer(session, stream);
        } else if (type == Codec.STREAM_SUBSCRIBE) {
            in.parser = new SubscribeServer(session, stream);
        } else if (type == Codec.STREAM_TRACK && version == Version.LITE_05) {
            in.parser = new TrackServer(session, stream);
        } else if (type == Codec.STREAM_PROBE && version != Version.LITE_02) {
            // We cannot measure bandwidth: a publisher that cannot probe closes the stream.
            stream.finish();
            stream.stopSending(ErrorCode.CANCEL);
            in.abandon();
        } else if ((type == Codec.STREAM_FETCH || type == Codec.STREAM_GOAWAY) && version != Version.LITE_02) {
            stream.reset(ErrorCode.UNSUPPORTED);
            stream.stopSending(ErrorCode.UNSUPPORTED);
            in.abandon();
        } else {
            throw new SessionError(ErrorCode.UNEXPECTED_STREAM, "unexpected bidirectional stream type " + type);
        }
    }

    private void routeUni(InboundStream in, long type) {
        Version version = session.version();
        if (version == null) {
            throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "unidirectional stream before SETUP");
        }
        if (type == Codec.UNI_GROUP) {
            in.parser = new GroupReceiver(session);
        } else if (type == Codec.UNI_SETUP && version == Version.LITE_05) {
            in.parser = setup.peerSetup();
        } else {
            throw new SessionError(ErrorCode.UNEXPECTED_STREAM, "unexpected unidirectional stream type " + type);
        }
    }

    @Override
    public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        // The peer gave up before saying what the stream was for.
    }
}
