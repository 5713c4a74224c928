package io.github.moqmux.net;

import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.ClientSetup;
import io.github.moqmux.net.wire.Message.Param;
import io.github.moqmux.net.wire.Message.ServerSetup;
import io.github.moqmux.net.wire.Message.Setup;
import io.github.moqmux.net.wire.Message.SetupParam;
import io.github.moqmux.net.wire.Version;
import io.github.moqmux.net.wire.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Agrees on a session's moq-lite version: the handshake, and nothing after it. Which
 * {@link Exchange} runs is fixed by the connection's protocol and role; the exchange ends in
 * {@link MoqSession#negotiated}, or in the session failing.
 *
 * <p>Runs on the session's executor.
 */
final class SessionSetup {
    /** How long the accepting side of a {@code moql} connection waits for CLIENT_SETUP. */
    static final long SETUP_TIMEOUT_MILLIS = 10_000;

    /** How the version is agreed; chosen once from the connection's protocol and role. */
    enum Exchange {
        /** A protocol this library does not speak: the session ends at once. */
        UNSUPPORTED,
        /** moq-lite-04: the protocol is the version; nothing is exchanged. */
        NONE,
        /** moq-lite-05: the protocol is the version; each side also sends one SETUP on its own unidirectional stream. */
        SETUP_STREAMS,
        /** {@code moql}, connecting side: sends CLIENT_SETUP on a bidirectional stream and awaits SERVER_SETUP. */
        CLIENT_SETUP,
        /** {@code moql}, accepting side: awaits the peer's CLIENT_SETUP, within a timeout, and answers it. */
        SERVER_SETUP;

        static Exchange of(Version version, boolean server) {
            if (version == null) {
                return UNSUPPORTED;
            }
            return switch (version) {
                case LITE_02 -> server ? SERVER_SETUP : CLIENT_SETUP;
                case LITE_04 -> NONE;
                case LITE_05 -> SETUP_STREAMS;
            };
        }

        /** @return whether the protocol alone fixes the version, before any stream is read */
        boolean versionKnown() {
            return this == NONE || this == SETUP_STREAMS;
        }
    }

    private final MoqSession session;
    private final Exchange exchange;
    /** lite-05: whether the peer has opened its SETUP stream (it may open only one). */
    private boolean peerSetupSeen;

    SessionSetup(MoqSession session) {
        this.session = session;
        this.exchange = Exchange.of(Version.fromProtocol(session.connection().protocol()),
                session.connection().isServer());
    }

    /** @return the version the protocol fixes on its own, or null when a handshake must choose it */
    Version knownVersion() {
        return exchange.versionKnown() ? Version.fromProtocol(session.connection().protocol()) : null;
    }

    /** Starts this side's part of the exchange; runs once, on the executor. */
    void begin() {
        if (session.isClosed()) {
            return;
        }
        switch (exchange) {
            case UNSUPPORTED -> session.fail(ErrorCode.VERSION, "unsupported protocol " + session.connection().protocol());
            case NONE -> { }
            case SETUP_STREAMS -> sendSetupStream();
            case SERVER_SETUP -> session.later(() -> {
                if (session.version() == null) {
                    session.fail(ErrorCode.TIMEOUT, "no SETUP within " + SETUP_TIMEOUT_MILLIS + " ms");
                }
            }, SETUP_TIMEOUT_MILLIS);
            case CLIENT_SETUP -> sendClientSetup();
        }
    }

    /** lite-05: our SETUP, carrying this session's origin id, on a stream of its own. */
    private void sendSetupStream() {
        session.openUni().whenCompleteAsync((s, e) -> {
            if (e != null) {
                return;
            }
            byte[] id = new byte[8];
            ByteBuf b = Unpooled.wrappedBuffer(id).clear();
            b.writeLong(0xC000_0000_0000_0000L | session.originId());
            session.send(s, Codec.UNI_SETUP, new Setup(List.of(new Param(5, id))));
            s.finish();
        }, session.executor());
    }

    /** moql client: CLIENT_SETUP offering lite-02, then read the answer on the same stream. */
    private void sendClientSetup() {
        session.openBidi().whenCompleteAsync((s, e) -> {
            if (e != null || session.isClosed()) {
                return;
            }
            session.send(s, Codec.STREAM_CLIENT_COMPAT,
                    new ClientSetup(List.of(Version.LITE_02.code()), setupParams()), Version.LITE_02);
            session.read(s, new ServerSetupParser());
        }, session.executor());
    }

    private static List<SetupParam> setupParams() {
        return List.of(new SetupParam(7, 0, "moq-mux-java".getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the parser for a moql SETUP stream the peer (a client) opened */
    InboundStream.Parser clientSetup(MuxStream stream) {
        return new ClientSetupParser(stream);
    }

    /**
     * @return the parser for the peer's lite-05 SETUP stream
     * @throws SessionError if the peer already opened one
     */
    InboundStream.Parser peerSetup() {
        if (peerSetupSeen) {
            throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "second SETUP stream");
        }
        peerSetupSeen = true;
        return new PeerSetupParser();
    }

    /** lite-05 SETUP from the peer: one message, then FIN. Its parameters are not needed here. */
    private final class PeerSetupParser extends RequestParser {
        PeerSetupParser() {
            super(SessionSetup.this.session, Kind.SETUP);
        }

        @Override
        void answer(Message request) {
        }

        @Override
        boolean afterRequest(ByteBuf hdr) {
            throw unexpected("bytes after SETUP");
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (midItem) {
                session.fail(ErrorCode.DECODE, "SETUP stream ended inside its message");
            }
        }
    }

    /**
     * The moql stream's parsers: once the session has a version, what follows on the stream is
     * lite-02 session info, read and ignored. The test is the session's version, not this
     * stream's phase, so a second CLIENT_SETUP stream after the first is read the same way.
     */
    private abstract class MoqlParser extends RequestParser {
        MoqlParser(Kind request) {
            super(SessionSetup.this.session, request);
        }

        @Override
        final boolean answered() {
            return session.version() != null;
        }

        @Override
        final boolean afterRequest(ByteBuf hdr) {
            // lite-02 SESSION_INFO {len, bitrate}: read and ignore.
            return read(hdr, Kind.PROBE, Version.LITE_02) != null;
        }
    }

    /** Client side of the moql SETUP: reads SERVER_SETUP, then keeps the session stream. */
    private final class ServerSetupParser extends MoqlParser {
        ServerSetupParser() {
            super(Kind.SERVER_SETUP);
        }

        @Override
        Message readRequest(ByteBuf hdr) {
            // The answer starts with its own stream type, which this side did not consume yet.
            int start = hdr.readerIndex();
            long type = Codec.readStreamType(hdr);
            if (type == Wire.INCOMPLETE) {
                return null;
            }
            if (type != Codec.STREAM_SERVER_COMPAT) {
                throw new SessionError(ErrorCode.UNEXPECTED_STREAM, "SETUP answered with stream type " + type);
            }
            Message m = read(hdr, Kind.SERVER_SETUP, Version.LITE_02);
            if (m == null) {
                hdr.readerIndex(start);
            }
            return m;
        }

        @Override
        void answer(Message request) {
            ServerSetup setup = (ServerSetup) request;
            if (setup.version() != Version.LITE_02.code()) {
                throw new SessionError(ErrorCode.VERSION, "server selected version " + Long.toHexString(setup.version()));
            }
            session.negotiated(Version.LITE_02);
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (session.version() == null) {
                session.fail(ErrorCode.VERSION, "SETUP stream ended before SERVER_SETUP");
            }
        }
    }

    /** Server side of the moql SETUP exchange: answers CLIENT_SETUP with SERVER_SETUP. */
    private final class ClientSetupParser extends MoqlParser {
        private final MuxStream stream;

        ClientSetupParser(MuxStream stream) {
            super(Kind.CLIENT_SETUP);
            this.stream = stream;
        }

        @Override
        Message readRequest(ByteBuf hdr) {
            return read(hdr, Kind.CLIENT_SETUP, Version.LITE_02);
        }

        @Override
        void answer(Message request) {
            if (!((ClientSetup) request).versions().contains(Version.LITE_02.code())) {
                throw new SessionError(ErrorCode.VERSION, "client offers no moq-lite-02");
            }
            session.send(stream, Codec.STREAM_SERVER_COMPAT,
                    new ServerSetup(Version.LITE_02.code(), setupParams()), Version.LITE_02);
            session.negotiated(Version.LITE_02);
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        }
    }
}
