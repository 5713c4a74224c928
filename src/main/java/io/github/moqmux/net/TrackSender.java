package io.github.moqmux.net;

import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.net.NetworkBroadcast.End;
import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import io.github.moqmux.net.mux.MuxStreamException;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message.GroupHeader;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.SubscribeEnd;
import io.github.moqmux.net.wire.Message.SubscribeOk;
import io.github.moqmux.net.wire.Message.SubscribeStart;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves one subscription: opens a unidirectional stream per group from the resolved start group,
 * writes its frames as retained duplicates of the broadcast's buffers, FINs it at the group's end
 * and resets it on abort; ends the subscription (lite-05 SUBSCRIBE_END, then FIN) only after every
 * group stream was handed to the transport through its FIN, so the peer never sees the end before
 * the data. Runs on the connection's executor; the producer thread only wakes it.
 *
 * <p>Backpressure: while the bytes queued in the transport for this subscription exceed
 * {@link MoqSessionConfig#maxQueuedBytes()}, no frame is written; when that lasts longer than
 * {@link MoqSessionConfig#stallMillis()} and a newer group exists, the older unfinished groups are
 * reset with {@link ErrorCode#OLD}; a group the broadcast's window released before it was all
 * written is reset too.
 */
final class TrackSender {
    /** The timescale announced in TRACK_INFO: microseconds, so importer timestamps stay exact. */
    static final long TIMESCALE = 1_000_000;

    private final MoqSession session;
    private final MuxStream control;
    private final Subscribe sub;
    private final NetworkTrack track;
    private final Version version;
    private final long budget;
    private final Map<Long, GroupSend> open = new LinkedHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable waker = this::wake;
    private long nextSeq;
    private long lastSeq;
    private boolean done;
    private boolean retryPending;
    /** When the queue went over budget (nanoTime), or -1 while within it. */
    private long overBudgetSince = -1;
    private final long stallNanos;

    private static final class GroupSend {
        final NetworkGroup group;
        MuxSendStream stream;
        boolean opening;
        boolean finSent;
        int sent;
        long lastTimestamp;

        GroupSend(NetworkGroup group) {
            this.group = group;
        }
    }

    TrackSender(MoqSession session, MuxStream control, Subscribe sub, NetworkTrack track, Version version) {
        this.session = session;
        this.control = control;
        this.sub = sub;
        this.track = track;
        this.version = version;
        this.budget = session.config().maxQueuedBytes();
        this.stallNanos = session.config().stallMillis() * 1_000_000;
    }

    void start() {
        nextSeq = track.resolveStart(sub.startGroup());
        lastSeq = sub.endGroup() < 0 ? Long.MAX_VALUE : sub.endGroup();
        switch (version) {
            case LITE_02 -> session.send(control, -1, new SubscribeOk(0, false, 0, -1, -1));
            case LITE_04 -> session.send(control, -1, new SubscribeOk(sub.priority(), true, 0, -1, -1));
            default -> session.send(control, -1, new SubscribeStart(nextSeq));
        }
        track.addListener(waker);
        track.broadcast().subscription(session, track, true);
        pump();
    }

    /** Called from any thread when the track changes: runs {@link #pump} once on the executor. */
    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            session.executor().execute(() -> {
                scheduled.set(false);
                pump();
            });
        }
    }

    private long queued() {
        long q = 0;
        for (GroupSend gs : open.values()) {
            if (gs.stream != null) {
                q += gs.stream.queuedBytes();
            }
        }
        return q;
    }

    private void pump() {
        if (done || !session.isOpen()) {
            return;
        }
        for (NetworkGroup g : track.groupsFrom(nextSeq)) {
            if (g.sequence > lastSeq) {
                break;
            }
            open.put(g.sequence, new GroupSend(g));
            nextSeq = g.sequence + 1;
        }
        if (queued() <= budget) {
            overBudgetSince = -1;
        } else if (overBudgetSince < 0) {
            overBudgetSince = System.nanoTime();
        }
        if (overBudgetSince >= 0 && System.nanoTime() - overBudgetSince >= stallNanos && open.size() > 1) {
            // Behind for longer than a burst: newer groups win. Drop every group but the newest.
            List<Long> older = new ArrayList<>(open.keySet());
            older.remove(older.size() - 1);
            for (Long seq : older) {
                // A reset can end the connection synchronously (its write fails on a closed peer),
                // and cancel() then clears open: stop rather than drop what is gone.
                GroupSend gs = open.get(seq);
                if (done) {
                    return;
                }
                if (gs != null) {
                    drop(gs, ErrorCode.OLD);
                }
            }
        }
        boolean pending = false;
        for (GroupSend gs : List.copyOf(open.values())) {
            if (done) {
                return;
            }
            pending |= service(gs);
        }
        if (done) {
            return;
        }
        End end = track.end();
        boolean rangeDone = nextSeq > lastSeq;
        boolean trackDone = end != End.OPEN && track.groupsFrom(nextSeq).isEmpty();
        if ((rangeDone || trackDone) && open.isEmpty()) {
            finish(end == End.ABORTED && !rangeDone);
        } else if ((pending || overBudgetSince >= 0) && !retryPending) {
            retryPending = true;
            session.later(() -> {
                retryPending = false;
                pump();
            }, session.config().retryMillis());
        }
    }

    private void drop(GroupSend gs, long code) {
        open.remove(gs.group.sequence);
        if (gs.stream != null) {
            gs.stream.reset(code);
        }
    }

    /** Writes what the budget allows of one group; returns whether frames are left waiting for budget. */
    private boolean service(GroupSend gs) {
        if (gs.finSent) {
            return false;
        }
        if (gs.stream == null) {
            if (!gs.opening) {
                gs.opening = true;
                session.openUni().whenCompleteAsync((s, e) -> opened(gs, s, e), session.executor());
            }
            return false;
        }
        List<ByteBuf> out = new ArrayList<>();
        End groupEnd;
        boolean allSent;
        boolean evicted;
        synchronized (track) {
            evicted = gs.group.evictedLocked();
            groupEnd = gs.group.endLocked();
            int count = gs.group.frameCountLocked();
            if (!evicted) {
                long allowance = budget - queued();
                while (gs.sent < count && allowance > 0) {
                    StoredFrame f = gs.group.frameLocked(gs.sent++);
                    long ts = f.timestampMicros() == FrameProducer.NO_TIMESTAMP ? gs.lastTimestamp : f.timestampMicros();
                    ByteBuf header = session.config().allocator().buffer(16);
                    Codec.writeFrameHeader(header, version, ts - gs.lastTimestamp, f.size());
                    gs.lastTimestamp = ts;
                    out.add(header);
                    for (ByteBuf chunk : f.chunks()) {
                        // Owner: the stream this duplicate is written to.
                        out.add(chunk.retainedDuplicate());
                    }
                    allowance -= f.size();
                }
            }
            allSent = gs.sent == count;
        }
        if (evicted && !(allSent && groupEnd == End.FINISHED)) {
            // Released before this subscriber sent it all: it can no longer catch up on it.
            drop(gs, ErrorCode.OLD);
            return false;
        }
        for (ByteBuf b : out) {
            gs.stream.write(b);
        }
        if (groupEnd == End.ABORTED) {
            drop(gs, ErrorCode.DROPPED);
            return false;
        }
        if (groupEnd == End.FINISHED && allSent) {
            gs.finSent = true;
            gs.stream.finish();
            return false;
        }
        return !allSent;
    }

    private void opened(GroupSend gs, MuxSendStream s, Throwable e) {
        if (e != null) {
            open.remove(gs.group.sequence);
            return;
        }
        if (done || open.get(gs.group.sequence) != gs) {
            s.reset(ErrorCode.CANCEL);
            return;
        }
        gs.stream = s;
        session.send(s, Codec.UNI_GROUP, new GroupHeader(sub.id(), gs.group.sequence));
        s.done().whenCompleteAsync((v, ex) -> {
            if (open.get(gs.group.sequence) == gs) {
                open.remove(gs.group.sequence);
            }
            pump();
        }, session.executor());
        pump();
    }

    private void finish(boolean aborted) {
        done = true;
        track.removeListener(waker);
        track.broadcast().subscription(session, track, false);
        session.senderEnded(this);
        if (aborted) {
            control.reset(ErrorCode.DROPPED);
            return;
        }
        if (version == Version.LITE_05) {
            long end = rangeEnd();
            session.send(control, -1, new SubscribeEnd(end));
        }
        control.finish();
    }

    private long rangeEnd() {
        return nextSeq > lastSeq ? lastSeq + 1 : Math.max(nextSeq, track.nextSequence());
    }

    /** The subscriber left or the session ended: reset what is open, send nothing more. */
    void cancel(long code) {
        if (done) {
            return;
        }
        done = true;
        track.removeListener(waker);
        track.broadcast().subscription(session, track, false);
        session.senderEnded(this);
        if (code != MuxStreamException.CONNECTION_CLOSED) {
            for (GroupSend gs : open.values()) {
                if (gs.stream != null) {
                    gs.stream.reset(code);
                }
            }
            control.reset(code);
        }
        open.clear();
    }
}
