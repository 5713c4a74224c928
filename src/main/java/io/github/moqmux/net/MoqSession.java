package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.mux.MuxConnection;
import io.github.moqmux.net.mux.MuxRecvStream;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Version;
import io.github.moqmux.net.wire.Wire;
import io.netty.buffer.ByteBuf;
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
    /*
     * This class owns the session's lifecycle (State) and what the session holds: streams being
     * read, subscriptions, track senders. The protocol work is done by package-private helpers
     * that call back through the package methods below the public API: SessionSetup agrees on
     * the version, StreamTypeParser routes each stream the peer opens, AnnounceServer,
     * TrackServer and SubscribeServer (RequestParsers) serve the publisher role, and
     * MoqAnnouncements, MoqSubscription and GroupReceiver the subscriber role.
     */
    private static final Logger log = LoggerFactory.getLogger(MoqSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Re-polls subscriptions waiting for their transport to drain; daemon, shared. */
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moq-session-timer");
        t.setDaemon(true);
        return t;
    });

    /** The session's lifecycle: the version is agreed once, and the end is final. */
    private enum State { NEGOTIATING, OPEN, CLOSED }

    private final MuxConnection conn;
    private final MoqOrigin origin;
    private final MoqSessionConfig config;
    private final String scope;
    private final Executor executor;
    private final long originId = 1 + (RANDOM.nextLong() >>> 12);
    private final CompletableFuture<Version> ready = new CompletableFuture<>();
    private final CompletableFuture<MuxCloseReason> closed = new CompletableFuture<>();
    private final SessionSetup setup;
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

    private MoqSession(MuxConnection conn, MoqOrigin origin, MoqSessionConfig config) {
        this.conn = conn;
        this.origin = origin;
        this.config = config;
        this.scope = conn.isServer() ? Paths.normalize(conn.path()) : "";
        this.executor = conn.executor();
        this.setup = new SessionSetup(this);
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
        Version v = session.setup.knownVersion();
        if (v != null) {
            // Known at once: streams the peer opens before begin() runs are already understood.
            session.negotiated(v);
        }
        connection.handler(session.new Handler());
        session.executor.execute(session.setup::begin);
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

    /** @return the subscription with that id, or null */
    MoqSubscription subscription(long id) {
        return subscriptions.get(id);
    }

    /** Records a subscription the peer opened; false if the peer used its id before. */
    boolean claimServedId(long id) {
        return servedIds.add(id);
    }

    void senderStarted(TrackSender sender) {
        senders.add(sender);
    }

    void senderEnded(TrackSender sender) {
        senders.remove(sender);
    }

    /** @return this session's origin id, sent in lite-05 SETUP and ANNOUNCE_OK */
    long originId() {
        return originId;
    }

    /** @return the broadcasts this session serves */
    MoqOrigin origin() {
        return origin;
    }

    /** @return the origin path of a broadcast path as the peer names it (relative to the scope) */
    String scoped(String path) {
        return Paths.join(scope, path);
    }

    /** @return the served broadcast the peer names so, or null */
    NetworkBroadcast served(String broadcast) {
        return origin.get(scoped(broadcast));
    }

    /** @return the served track the peer names so, or null */
    NetworkTrack lookup(String broadcast, String track) {
        NetworkBroadcast b = served(broadcast);
        return b == null ? null : b.track(track);
    }

    CompletableFuture<MuxStream> openBidi() {
        return conn.openBidi();
    }

    CompletableFuture<MuxSendStream> openUni() {
        return conn.openUni();
    }

    /** Writes {@code type} (if not negative) and a message on a stream. */
    void send(MuxSendStream stream, long type, Message message) {
        send(stream, type, message, version);
    }

    /** Writes {@code type} (if not negative) and a message encoded for {@code v} on a stream. */
    void send(MuxSendStream stream, long type, Message message, Version v) {
        ByteBuf buf = config.allocator().buffer(32);
        try {
            if (type >= 0) {
                Wire.writeVarint(buf, type);
            }
            Codec.write(buf, message, v);
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

    /** Schedules {@code task} on the executor after a delay. */
    void later(Runnable task, long millis) {
        TIMER.schedule(() -> executor.execute(task), millis, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- lifecycle

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The version is agreed: the session is open. */
    void negotiated(Version v) {
        version = v;
        state = State.OPEN;
        ready.complete(v);
    }

    private final class Handler implements MuxConnection.Handler {
        @Override
        public void onBidiStream(MuxStream stream) {
            if (!admit(stream)) {
                return;
            }
            read(stream, StreamTypeParser.bidi(MoqSession.this, setup, stream), true);
        }

        @Override
        public void onUniStream(MuxRecvStream stream) {
            if (!admit(stream)) {
                return;
            }
            read(stream, StreamTypeParser.uni(MoqSession.this, setup), true);
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
}
