package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.SubscribeEnd;
import io.github.moqmux.net.wire.Message.SubscribeStart;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * A subscription to a track of the peer's broadcast, made by {@link MoqSession#subscribe}: its
 * groups and frames are written into a {@link TrackProducer}.
 *
 * <p>Sequence numbers: the first group received becomes the producer's group 0 (a late joiner
 * starts mid-track); {@link #firstSequence()} tells its sequence on the wire. After it, sequence
 * numbers stay aligned: a skipped sequence (a group the publisher dropped) is appended as an
 * aborted placeholder group, and a group older than one already appended is ignored.
 */
public final class MoqSubscription {
    /** Gaps wider than this are not filled with placeholder groups (the producer is rebased). */
    private static final long MAX_GAP = 1024;

    private final MoqSession session;
    private final String broadcast;
    private final String track;
    private final TrackProducer into;
    private final long startGroup;
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long id = -1;
    private MuxStream control;
    private long timescale = 1000;
    private long lastSeq = -1;
    private volatile long firstSeq = -1;
    private int openGroups;
    private boolean controlEnded;

    MoqSubscription(MoqSession session, String broadcast, String track, TrackProducer into, long startGroup) {
        this.session = session;
        this.broadcast = broadcast;
        this.track = track;
        this.into = into;
        this.startGroup = startGroup;
    }

    /** @return the broadcast path */
    public String broadcast() {
        return broadcast;
    }

    /** @return the track name */
    public String track() {
        return track;
    }

    /**
     * @return completes when the publisher accepted the subscription, with the start group it
     *     resolved (lite-05) or -1 when the version does not say; exceptionally when refused
     */
    public CompletableFuture<Long> started() {
        return started;
    }

    /**
     * @return completes when the track ended normally and every group was written into the
     *     producer (which is then finished); exceptionally when the publisher reset it (e.g. not
     *     found), the session ended first, or it was closed
     */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** @return the wire sequence of the first group received (the producer's group 0), or -1 */
    public long firstSequence() {
        return firstSeq;
    }

    /** Ends the subscription from this side; the producer is aborted (its data is incomplete). */
    public void close() {
        session.executor().execute(() -> {
            if (done.isDone()) {
                return;
            }
            if (control != null) {
                control.finish();
                control.stopSending(ErrorCode.CANCEL);
            }
            fail(new MoqMuxException(MoqMuxException.Kind.CONNECTION, "subscription closed by this side"));
        });
    }

    // ---------------------------------------------------------------- executor side

    void open() {
        if (!session.isOpen()) {
            fail(new MoqMuxException(MoqMuxException.Kind.CONNECTION, "session is closed"));
            return;
        }
        if (session.version() == Version.LITE_05) {
            session.openBidi().whenCompleteAsync((s, e) -> {
                if (e != null) {
                    fail(e);
                    return;
                }
                session.send(s, Codec.STREAM_TRACK, new TrackRequest(broadcast, track));
                s.finish();
                session.read(s, new TrackInfoParser());
            }, session.executor());
        } else {
            openSubscribe();
        }
    }

    private void openSubscribe() {
        if (done.isDone()) {
            return;
        }
        id = session.nextSubscribeId(this);
        session.openBidi().whenCompleteAsync((s, e) -> {
            if (e != null) {
                fail(e);
                return;
            }
            if (done.isDone()) {
                s.reset(ErrorCode.CANCEL);
                return;
            }
            control = s;
            session.send(s, Codec.STREAM_SUBSCRIBE, new Subscribe(id, broadcast, track, into.info().priority() & 0xFF,
                    false, 0, startGroup, -1));
            session.read(s, new ResponseParser());
        }, session.executor());
    }

    long toMicros(long ts) {
        if (timescale == 1_000_000) {
            return ts;
        }
        return Math.floorDiv(ts, timescale) * 1_000_000 + Math.floorMod(ts, timescale) * 1_000_000 / timescale;
    }

    /** A group stream of this subscription arrived: the producer group to fill, or null to ignore it. */
    GroupProducer onGroup(long seq) {
        if (done.isDone() || (lastSeq >= 0 && seq <= lastSeq)) {
            return null;
        }
        try {
            if (lastSeq < 0 || seq - lastSeq > MAX_GAP) {
                if (firstSeq < 0) {
                    firstSeq = seq;
                }
            } else {
                for (long s = lastSeq + 1; s < seq; s++) {
                    into.appendGroup().abort(new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                            "group " + s + " was not received"));
                }
            }
            lastSeq = seq;
            GroupProducer g = into.appendGroup();
            openGroups++;
            return g;
        } catch (MoqMuxException e) {
            fail(e);
            return null;
        }
    }

    void groupEnded() {
        openGroups--;
        checkEnd();
    }

    private void checkEnd() {
        if (controlEnded && openGroups == 0 && !done.isDone()) {
            session.subscriptionEnded(id);
            started.complete(-1L);
            into.finish();
            done.complete(null);
        }
    }

    void fail(Throwable cause) {
        if (done.isDone()) {
            return;
        }
        if (id >= 0) {
            session.subscriptionEnded(id);
        }
        into.abort(cause);
        started.completeExceptionally(cause);
        done.completeExceptionally(cause);
    }

    private MoqMuxException refused(long code) {
        return new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                "subscription to " + broadcast + "/" + track + " reset by the peer: " + ErrorCode.name(code));
    }

    /** lite-05: TRACK_INFO on the Track stream, then subscribe. */
    private final class TrackInfoParser implements InboundStream.Parser {
        private boolean seen;

        @Override
        public int lookahead() {
            return session.config().maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            if (seen) {
                throw new InboundStream.SessionError(ErrorCode.UNEXPECTED_MESSAGE, "message after TRACK_INFO");
            }
            Message m = Codec.read(hdr, Kind.TRACK_INFO, Version.LITE_05, session.config().maxMessageSize());
            if (m == null) {
                return false;
            }
            seen = true;
            timescale = ((TrackInfo) m).timescale();
            openSubscribe();
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (!seen) {
                fail(refused(fin ? ErrorCode.NOT_FOUND : code));
            }
        }
    }

    /** The publisher's answers on the Subscribe stream. */
    private final class ResponseParser implements InboundStream.Parser {
        @Override
        public int lookahead() {
            return session.config().maxMessageSize() + 16;
        }

        @Override
        public boolean parse(InboundStream in, ByteBuf hdr) {
            Message m = Codec.read(hdr, Kind.SUBSCRIBE_RESPONSE, session.version(), session.config().maxMessageSize());
            if (m == null) {
                return false;
            }
            if (m instanceof SubscribeStart s) {
                started.complete(s.group());
            } else if (m instanceof Message.SubscribeOk) {
                started.complete(-1L);
            } else if (m instanceof SubscribeEnd) {
                started.complete(-1L);
            }
            return true;
        }

        @Override
        public void end(InboundStream in, boolean fin, long code, boolean midItem) {
            if (fin) {
                controlEnded = true;
                checkEnd();
            } else {
                fail(refused(code));
            }
        }
    }
}
