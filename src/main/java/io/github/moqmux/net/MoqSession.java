package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Message.AnnounceOk;
import io.github.moqmux.net.wire.Message.ClientSetup;
import io.github.moqmux.net.wire.Message.Param;
import io.github.moqmux.net.wire.Message.ServerSetup;
import io.github.moqmux.net.wire.Message.Setup;
import io.github.moqmux.net.wire.Message.SetupParam;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.github.moqmux.net.wire.Version;
import io.github.moqmux.net.wire.Wire;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moq-lite session over one {@link MuxConnection}, in both roles at once: it serves the
 * broadcasts of a {@link MoqOrigin} to the peer (announces, TRACK info, subscriptions, one
 * unidirectional stream per group) and lets this side announce-watch and subscribe to the
 * peer's broadcasts ({@link #announced}, {@link #subscribe}).
 *
 * <pre>{@code
 * MoqSession session = MoqSession.start(connection, origin, MoqSessionConfig.defaults());
 * MemoryBroadcast remote = new MemoryBroadcast();
 * MoqSubscription sub = session.subscribe("clip", "catalog.json", remote.createTrack(new Track("catalog.json", 100)), -1);
 * }</pre>
 *
 * <h2>Version</h2>
 * Chosen from {@link MuxConnection#protocol()}: {@code "moq-lite-05"} and {@code "moq-lite-04"}
 * select those versions; {@code ""} or {@code "moql"} run the SETUP exchange on a bidirectional
 * stream (type 0x20/0x21), which selects moq-lite-02. {@link #ready()} completes with the version.
 *
 * <h2>Scope</h2>
 * On the accepting side the connection's {@link MuxConnection#path() path} is the broadcast scope,
 * as on moq-relay: the peer names broadcasts relative to it, and only broadcasts under it are
 * served. On the connecting side the origin is served from its root (the remote end applies
 * its own scope).
 *
 * <h2>Errors</h2>
 * A peer that sends malformed or oversized messages, opens unknown stream types or too many
 * streams, or otherwise breaks the protocol ends this session (not the process) with an upstream
 * moq-lite {@link ErrorCode} and one warning log line. The session stays open when tracks end; it
 * ends when either side closes the connection.
 *
 * <h2>Threads</h2>
 * All session state lives on the connection's executor; public methods may be called from any
 * thread.
 */
public final class MoqSession {
    private static final Logger log = LoggerFactory.getLogger(MoqSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Re-polls subscriptions waiting for their transport to drain; daemon, shared. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moq-session-timer");
        t.setDaemon(true);
        return t;
    });
    /** How long the accepting side of a {@code moql} connection waits for CLIENT_SETUP. */
    static final long SETUP_TIMEOUT_MILLIS = 10_000;

    private enum State { NEGOTIATING, OPEN, CLOSED }

    private final MuxConnection conn;
    private final MoqOrigin origin;
    private final MoqSessionConfig config;
    private final String scope;
    private final Executor executor;
    private final long originId = 1 + (RANDOM.nextLong() >>> 12);
    private final CompletableFuture<Version> ready = new CompletableFuture<>();
    private final CompletableFuture<MuxCloseReason> closed = new CompletableFuture<>();
    private volatile Version version;
    private State state = State.NEGOTIATING;
    private final Set<InboundStream> inbound = new HashSet<>();
    /** Streams the peer opened that are still being read: bounded by {@link MoqSessionConfig#maxStreams()}. */
    private int peerStreams;
    private final Map<Long, MoqSubscription> subscriptions = new HashMap<>();
    private final Set<TrackSender> senders = new HashSet<>();
    private final Set<Long> servedIds = new HashSet<>();
    private final List<Runnable> cleanups = new ArrayList<>();
    private long nextSubscribeId;
    private boolean peerSetupSeen;

    private MoqSession(MuxConnection conn, MoqOrigin origin, MoqSessionConfig config) {
        this.conn = conn;
        this.origin = origin;
        this.config = config;
        this.scope = conn.isServer() ? Paths.normalize(conn.path()) : "";
        this.executor = conn.executor();
    }

    /**
     * Starts a session on a connection: installs the connection's handler and begins version
     * negotiation. Call it once per connection, before the connection's first callback.
     *
     * @param connection the connection
     * @param origin     the broadcasts to serve to the peer (may be empty)
     * @param config     limits
     * @return the session
     */
    public static MoqSession start(MuxConnection connection, MoqOrigin origin, MoqSessionConfig config) {
        MoqSession session = new MoqSession(Objects.requireNonNull(connection, "connection"),
                Objects.requireNonNull(origin, "origin"), Objects.requireNonNull(config, "config"));
        Version v = Version.fromProtocol(connection.protocol());
        if (v != null && v != Version.LITE_02) {
            // Known at once: streams the peer opens before begin() runs are already understood.
            session.negotiated(v);
        }
        connection.handler(session.new Handler());
        session.executor.execute(session::begin);
        return session;
    }

    /** @return completes with the negotiated version, or exceptionally if the session ended first */
    public CompletableFuture<Version> ready() {
        return ready;
    }

    /** @return the negotiated version, or null while negotiating */
    public Version version() {
        return version;
    }

    /** @return the connection this session runs on */
    public MuxConnection connection() {
        return conn;
    }

    /** @return completes when the connection has ended */
    public CompletableFuture<MuxCloseReason> closed() {
        return closed;
    }

    /**
     * Closes the session and its connection.
     *
     * @param code   the error code sent to the peer, 0 for none
     * @param reason a short reason
     */
    public void close(long code, String reason) {
        conn.close(code, reason);
    }

    /**
     * Watches the peer's broadcasts under a prefix: opens an Announce stream and reports the
     * initial set and every later change.
     *
     * @param prefix   path prefix, {@code ""} for all
     * @param listener receives {@code (path, active)} on the connection's executor; the path is
     *                 the full broadcast path as the peer names it
     * @return a handle that stops watching
     */
    public MoqAnnouncements announced(String prefix, MoqOrigin.Listener listener) {
        MoqAnnouncements handle = new MoqAnnouncements(this, Paths.normalize(prefix), listener);
        ready.thenAcceptAsync(v -> handle.open(), executor);
        return handle;
    }

    /**
     * Subscribes to a track of the peer's broadcast and writes what arrives into {@code into}:
     * one group per group stream (in sequence order; a group older than one already appended is
     * dropped, and a skipped sequence becomes an aborted placeholder group so that sequence
     * numbers stay aligned), each frame with its lite-05 timestamp through
     * {@link io.github.moqmux.lite.GroupProducer#createFrame(long, long)}. The track is finished
     * when the peer ends the subscription after its last group, and aborted when the peer resets
     * it (for example "not found") or the session ends.
     *
     * <p>Buffers: frame bytes reach {@code into} as retained slices of the transport's receive
     * buffers, written in as many chunks as they arrived in; {@code into} owns and releases them.
     *
     * @param broadcast  the broadcast path, as the peer names it
     * @param track      the track name
     * @param into       where groups and frames go; written on the connection's executor
     * @param startGroup the first group wanted, or -1 for the publisher's latest
     * @return the subscription
     */
    public MoqSubscription subscribe(String broadcast, String track, TrackProducer into, long startGroup) {
        MoqSubscription sub = new MoqSubscription(this, Paths.normalize(broadcast), track, into, startGroup);
        ready.thenAcceptAsync(v -> sub.open(), executor).exceptionally(e -> {
            sub.fail(e);
            return null;
        });
        return sub;
    }

    // ---------------------------------------------------------------- package API for helpers

    Executor executor() {
        return executor;
    }

    MoqSessionConfig config() {
        return config;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    long nextSubscribeId(MoqSubscription sub) {
        long id = nextSubscribeId++;
        subscriptions.put(id, sub);
        return id;
    }

    void subscriptionEnded(long id) {
        subscriptions.remove(id);
    }

    void senderEnded(TrackSender sender) {
        senders.remove(sender);
    }

    CompletableFuture<MuxStream> openBidi() {
        return conn.openBidi();
    }

    CompletableFuture<MuxSendStream> openUni() {
        return conn.openUni();
    }

    /** Writes {@code type} (if not negative) and a message on a stream. */
    void send(MuxSendStream stream, long type, Message message) {
        ByteBuf buf = config.allocator().buffer(32);
        try {
            if (type >= 0) {
                Wire.writeVarint(buf, type);
            }
            Codec.write(buf, message, version);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        stream.write(buf);
    }

    /** Starts reading a stream this side opened. */
    InboundStream read(MuxRecvStream stream, InboundStream.Parser parser) {
        return read(stream, parser, false);
    }

    private InboundStream read(MuxRecvStream stream, InboundStream.Parser parser, boolean peerOpened) {
        InboundStream in = new InboundStream(this, stream, parser);
        in.peerOpened = peerOpened;
        inbound.add(in);
        stream.handler(in);
        return in;
    }

    void inboundEnded(InboundStream in) {
        if (inbound.remove(in) && in.peerOpened) {
            peerStreams--;
        }
    }

    /** Ends the session because the peer broke the protocol. */
    void fail(long code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        log.warn("moq-lite session on {} closed: {} ({} {})", conn.path(), reason, code, ErrorCode.name(code));
        conn.close(code, reason);
        cleanup(new MoqMuxException(MoqMuxException.Kind.PROTOCOL, reason + " (" + ErrorCode.name(code) + ")"));
    }

    void addCleanup(Runnable r) {
        cleanups.add(r);
    }

    // ---------------------------------------------------------------- negotiation

    private void begin() {
        if (state == State.CLOSED) {
            return;
        }
        Version v = Version.fromProtocol(conn.protocol());
        if (v == null) {
            fail(ErrorCode.VERSION, "unsupported protocol " + conn.protocol());
            return;
        }
        if (v != Version.LITE_02) {
            if (v == Version.LITE_05) {
                conn.openUni().whenCompleteAsync((s, e) -> {
                    if (e != null) {
                        return;
                    }
                    byte[] id = new byte[8];
                    ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(id).clear();
                    b.writeLong(0xC000_0000_0000_0000L | originId);
                    send(s, Codec.UNI_SETUP, new Setup(List.of(new Param(5, id))));
                    s.finish();
                }, executor);
            }
            return;
        }
        if (conn.isServer()) {
            later(() -> {
                if (version == null) {
                    fail(ErrorCode.TIMEOUT, "no SETUP within " + SETUP_TIMEOUT_MILLIS + " ms");
                }
            }, SETUP_TIMEOUT_MILLIS);
        } else {
            conn.openBidi().whenCompleteAsync((s, e) -> {
                if (e != null || state == State.CLOSED) {
                    return;
                }
                ByteBuf buf = config.allocator().buffer(64);
                Wire.writeVarint(buf, Codec.STREAM_CLIENT_COMPAT);
                Codec.write(buf, new ClientSetup(List.of(Version.LITE_02.code()), setupParams()), Version.LITE_02);
                s.write(buf);
                read(s, new ServerSetupParser());
            }, executor);
        }
    }

    private static List<SetupParam> setupParams() {
        return List.of(new SetupParam(7, 0, "moq-mux-java".getBytes(StandardCharsets.UTF_8)));
    }

    private void negotiated(Version v) {
        version = v;
        state = State.OPEN;
        ready.complete(v);
    }

    /** Client side of the moql SETUP: reads SERVER_SETUP, then keeps the session stream. */
    private final class ServerSetupParser implements InboundStream.Parser {
        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (version != null) {
                // lite-02 SESSION_INFO {len, bitrate}: read and ignore.
                return Codec.read(hdr, Kind.PROBE, Version.LITE_02, config.maxMessageSize()) != null;
            }
            int start = hdr.readerIndex();
            long type = Codec.readStreamType(hdr);
            if (type == Wire.INCOMPLETE) {
                return false;
            }
            if (type != Codec.STREAM_SERVER_COMPAT) {
                throw new SessionError(ErrorCode.UNEXPECTED_STREAM, "SETUP answered with stream type " + type);
            }
            Message m = Codec.read(hdr, Kind.SERVER_SETUP, Version.LITE_02, config.maxMessageSize());
            if (m == null) {
                hdr.readerIndex(start);
                return false;
            }
            ServerSetup setup = (ServerSetup) m;
            if (setup.version() != Version.LITE_02.code()) {
                throw new SessionError(ErrorCode.VERSION, "server selected version " + Long.toHexString(setup.version()));
            }
            negotiated(Version.LITE_02);
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (version == null) {
                fail(ErrorCode.VERSION, "SETUP stream ended before SERVER_SETUP");
            }
        }
    }

    // ---------------------------------------------------------------- peer streams

    private final class Handler implements MuxConnection.Handler {
        @Override
        public void onBidiStream(MuxStream stream) {
            if (!admit(stream)) {
                return;
            }
            read(stream, new BidiTypeParser(stream), true);
        }

        @Override
        public void onUniStream(MuxRecvStream stream) {
            if (!admit(stream)) {
                return;
            }
            read(stream, new UniTypeParser(), true);
        }

        @Override
        public void onClosed(MuxCloseReason reason) {
            if (state != State.CLOSED) {
                log.debug("moq-lite session on {} ended: {}", conn.path(), reason);
            }
            cleanup(new MoqMuxException(MoqMuxException.Kind.CONNECTION, MoqMuxException.NO_OFFSET,
                    "connection closed: " + reason.code() + " " + reason.reason(), reason.cause()));
            closed.complete(reason);
        }
    }

    private boolean admit(MuxRecvStream stream) {
        if (state == State.CLOSED) {
            stream.handler(new DiscardHandler());
            return false;
        }
        if (peerStreams >= config.maxStreams()) {
            stream.handler(new DiscardHandler());
            fail(ErrorCode.PROTOCOL_VIOLATION, "peer opened more than " + config.maxStreams() + " streams");
            return false;
        }
        peerStreams++;
        return true;
    }

    private void cleanup(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        ready.completeExceptionally(cause);
        for (InboundStream in : List.copyOf(inbound)) {
            in.dispose(MuxStreamException.CONNECTION_CLOSED);
        }
        inbound.clear();
        for (TrackSender s : List.copyOf(senders)) {
            s.cancel(MuxStreamException.CONNECTION_CLOSED);
        }
        senders.clear();
        for (MoqSubscription s : List.copyOf(subscriptions.values())) {
            s.fail(cause);
        }
        subscriptions.clear();
        for (Runnable r : cleanups) {
            r.run();
        }
        cleanups.clear();
    }

    /** Releases bytes of a stream nobody reads. */
    private static final class DiscardHandler implements MuxRecvStream.Handler {
        @Override
        public void onData(ByteBuf data) {
            data.release();
        }

        @Override
        public void onFin() {
        }

        @Override
        public void onReset(long code) {
        }
    }

    /** Reads the type of a bidirectional stream the peer opened and hands it to its parser. */
    private final class BidiTypeParser implements InboundStream.Parser {
        private final MuxStream stream;

        BidiTypeParser(MuxStream stream) {
            this.stream = stream;
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
            if (version == null) {
                if (type == Codec.STREAM_CLIENT_COMPAT && conn.isServer()) {
                    in.parser = new ClientSetupParser(stream);
                    return true;
                }
                throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "stream type " + type + " before SETUP");
            }
            if (type == Codec.STREAM_ANNOUNCE) {
                in.parser = new AnnounceServer(stream);
            } else if (type == Codec.STREAM_SUBSCRIBE) {
                in.parser = new SubscribeServer(stream);
            } else if (type == Codec.STREAM_TRACK && version == Version.LITE_05) {
                in.parser = new TrackServer(stream);
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
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            // The peer gave up before saying what the stream was for.
        }
    }

    private final class UniTypeParser implements InboundStream.Parser {
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
            if (version == null) {
                throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "unidirectional stream before SETUP");
            }
            if (type == Codec.UNI_GROUP) {
                in.parser = new GroupReceiver(MoqSession.this);
            } else if (type == Codec.UNI_SETUP && version == Version.LITE_05) {
                if (peerSetupSeen) {
                    throw new SessionError(ErrorCode.PROTOCOL_VIOLATION, "second SETUP stream");
                }
                peerSetupSeen = true;
                in.parser = new SetupParser();
            } else {
                throw new SessionError(ErrorCode.UNEXPECTED_STREAM, "unexpected unidirectional stream type " + type);
            }
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        }
    }

    /** lite-05 SETUP from the peer: one message, then FIN. Its parameters are not needed here. */
    private final class SetupParser implements InboundStream.Parser {
        private boolean seen;

        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (seen) {
                throw new SessionError(ErrorCode.UNEXPECTED_MESSAGE, "bytes after SETUP");
            }
            if (Codec.read(hdr, Kind.SETUP, version, config.maxMessageSize()) == null) {
                return false;
            }
            seen = true;
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (midItem) {
                fail(ErrorCode.DECODE, "SETUP stream ended inside its message");
            }
        }
    }

    /** Server side of the moql SETUP exchange. */
    private final class ClientSetupParser implements InboundStream.Parser {
        private final MuxStream stream;

        ClientSetupParser(MuxStream stream) {
            this.stream = stream;
        }

        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (version != null) {
                return Codec.read(hdr, Kind.PROBE, Version.LITE_02, config.maxMessageSize()) != null;
            }
            Message m = Codec.read(hdr, Kind.CLIENT_SETUP, Version.LITE_02, config.maxMessageSize());
            if (m == null) {
                return false;
            }
            if (!((ClientSetup) m).versions().contains(Version.LITE_02.code())) {
                throw new SessionError(ErrorCode.VERSION, "client offers no moq-lite-02");
            }
            ByteBuf buf = config.allocator().buffer(64);
            Wire.writeVarint(buf, Codec.STREAM_SERVER_COMPAT);
            Codec.write(buf, new ServerSetup(Version.LITE_02.code(), setupParams()), Version.LITE_02);
            stream.write(buf);
            negotiated(Version.LITE_02);
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        }
    }

    // ---------------------------------------------------------------- publisher role

    /** Serves an Announce stream: the origin's broadcasts under the requested prefix, then changes. */
    private final class AnnounceServer implements InboundStream.Parser {
        private final MuxStream stream;
        private String prefix;
        private MoqOrigin.Listener listener;
        private final Set<String> active = new HashSet<>();

        AnnounceServer(MuxStream stream) {
            this.stream = stream;
        }

        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (prefix != null) {
                throw new SessionError(ErrorCode.UNEXPECTED_MESSAGE, "message after ANNOUNCE_INTEREST");
            }
            Message m = Codec.read(hdr, Kind.ANNOUNCE_INTEREST, version, config.maxMessageSize());
            if (m == null) {
                return false;
            }
            prefix = Paths.join(scope, ((AnnounceInterest) m).prefix());
            listener = (path, isActive) -> executor.execute(() -> change(path, isActive));
            List<String> initial = new ArrayList<>();
            for (String path : origin.listen(listener)) {
                String suffix = Paths.stripPrefix(path, prefix);
                if (suffix != null) {
                    initial.add(suffix);
                    active.add(suffix);
                }
            }
            Runnable unlisten = () -> origin.unlisten(listener);
            addCleanup(unlisten);
            if (version == Version.LITE_02) {
                send(stream, -1, new AnnounceInit(initial));
            } else {
                if (version == Version.LITE_05) {
                    send(stream, -1, new AnnounceOk(originId, initial.size()));
                }
                for (String suffix : initial) {
                    send(stream, -1, new Announce(true, suffix, List.of()));
                }
            }
            return true;
        }

        private void change(String path, boolean isActive) {
            if (state != State.OPEN || listener == null) {
                return;
            }
            String suffix = Paths.stripPrefix(path, prefix);
            if (suffix == null || (isActive ? !active.add(suffix) : !active.remove(suffix))) {
                return;
            }
            send(stream, -1, new Announce(isActive, suffix, List.of()));
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (listener != null) {
                origin.unlisten(listener);
                listener = null;
            }
            if (fin) {
                stream.finish();
            } else {
                stream.reset(ErrorCode.CANCEL);
            }
        }
    }

    /** Serves a lite-05 Track stream: TRACK_INFO then FIN, or a reset "not found". */
    private final class TrackServer implements InboundStream.Parser {
        private final MuxStream stream;
        private boolean answered;

        TrackServer(MuxStream stream) {
            this.stream = stream;
        }

        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (answered) {
                throw new SessionError(ErrorCode.UNEXPECTED_MESSAGE, "message after TRACK");
            }
            Message m = Codec.read(hdr, Kind.TRACK, version, config.maxMessageSize());
            if (m == null) {
                return false;
            }
            answered = true;
            TrackRequest req = (TrackRequest) m;
            NetworkTrack track = lookup(req.broadcast(), req.track());
            if (track == null) {
                stream.reset(ErrorCode.NOT_FOUND);
                return true;
            }
            int priority = Math.max(0, Math.min(255, track.info().priority()));
            send(stream, -1, new TrackInfo(priority, false, maxLatencyMillis(req.broadcast()), TrackSender.TIMESCALE));
            stream.finish();
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (!answered) {
                stream.reset(ErrorCode.CANCEL);
            }
        }
    }

    private long maxLatencyMillis(String broadcast) {
        NetworkBroadcast b = origin.get(Paths.join(scope, broadcast));
        return b == null ? NetworkBroadcast.DEFAULT_WINDOW.toMillis() : b.window().toMillis();
    }

    NetworkTrack lookup(String broadcast, String track) {
        NetworkBroadcast b = origin.get(Paths.join(scope, broadcast));
        return b == null ? null : b.track(track);
    }

    /** Serves a Subscribe stream: OK (or a reset "not found"), then groups via a {@link TrackSender}. */
    private final class SubscribeServer implements InboundStream.Parser {
        private final MuxStream stream;
        private TrackSender sender;
        private boolean refused;

        SubscribeServer(MuxStream stream) {
            this.stream = stream;
        }

        @Override
        public int lookahead() {
            return config.maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (sender != null || refused) {
                // SUBSCRIBE_UPDATE: priorities and ranges are not re-planned; read and ignore.
                return Codec.read(hdr, Kind.SUBSCRIBE_UPDATE, version, config.maxMessageSize()) != null;
            }
            Message m = Codec.read(hdr, Kind.SUBSCRIBE, version, config.maxMessageSize());
            if (m == null) {
                return false;
            }
            Subscribe sub = (Subscribe) m;
            if (!servedIds.add(sub.id())) {
                throw new SessionError(ErrorCode.DUPLICATE, "subscribe id " + sub.id() + " reused");
            }
            NetworkTrack track = lookup(sub.broadcast(), sub.track());
            if (track == null) {
                log.debug("subscribe {} to {}/{}: not found", sub.id(), sub.broadcast(), sub.track());
                refused = true;
                stream.reset(ErrorCode.NOT_FOUND);
                return true;
            }
            sender = new TrackSender(MoqSession.this, stream, sub, track, version);
            senders.add(sender);
            sender.start();
            return true;
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

    // ---------------------------------------------------------------- subscriber role

    /** @return the subscription with that id, or null */
    MoqSubscription subscription(long id) {
        return subscriptions.get(id);
    }

    /** Schedules {@code task} on the executor after a delay. */
    void later(Runnable task, long millis) {
        TIMER.schedule(() -> executor.execute(task), millis, TimeUnit.MILLISECONDS);
    }
}
