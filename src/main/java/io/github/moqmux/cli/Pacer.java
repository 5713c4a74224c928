package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.AbstractFrameProducer;
import io.github.moqmux.lite.AbstractGroupProducer;
import io.github.moqmux.lite.AbstractTrackProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a file into a broadcast at its real-time pace: a {@link BroadcastProducer} between the
 * importer and the broadcast that queues each track's operations (group appends, frames, ends) in
 * a per-track FIFO and releases them on its own thread when the wall clock reaches
 * {@code clockStart + (timestamp - t0)}. Operations without a timestamp (the catalog tracks'
 * frames, group ends) leave as soon as they reach the head of their FIFO, so the catalog goes
 * out at once; a media track's end leaves a fixed delay after its last frame.
 *
 * <p>Read-ahead: the importer thread runs ahead of the clock by at most {@code readAheadMicros}
 * of media (and {@code maxQueuedBytes}), then blocks. Before the clock starts it fills that
 * read-ahead, so everything the importer publishes about the first seconds (such as the catalog
 * update with the frame rate, written after the first fragment) is out before any media.
 *
 * <p>The clock starts on {@link #requestStart()} once the read-ahead is full or the input has
 * ended ({@link #endOfInput()}): whoever serves the broadcast decides when viewers are waiting.
 *
 * <p>Buffer ownership: chunks given to a queued frame belong to the queue until they are written
 * to the target frame (which then owns them) or the pacer is closed (which releases them).
 *
 * <p>Threads: one producing thread (the importer's contract); every call on the target broadcast
 * happens on the pacer's thread, under its lock.
 */
final class Pacer implements BroadcastProducer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    private static final long NONE = FrameProducer.NO_TIMESTAMP;

    private final BroadcastProducer target;
    private final long readAheadMicros;
    private final long maxQueuedBytes;
    private final long endDelayNanos;
    private final Object lock = new Object();
    private final List<PacedTrack> tracks = new ArrayList<>();
    private final Thread thread;
    /** Guarded by {@link #lock}: when the clock started (nanoTime), or -1. */
    private long clockStart = -1;
    private long t0 = Long.MAX_VALUE;
    private long latestQueued = Long.MIN_VALUE;
    private long queuedBytes;
    private boolean startRequested;
    private boolean producerWaiting;
    private boolean inputEnded;
    private boolean closed;

    /**
     * @param target          the broadcast the operations are released to
     * @param readAheadMicros how much media the importer may queue ahead of the clock
     * @param maxQueuedBytes  how many bytes it may queue at most
     * @param endDelayMillis  how long after a media track's last frame its end is released:
     *                        peers close a track as soon as they read its end, cutting short
     *                        group data they have not read yet (MOQ-WIRE §11.5)
     */
    Pacer(BroadcastProducer target, long readAheadMicros, long maxQueuedBytes, long endDelayMillis) {
        this.target = Objects.requireNonNull(target, "target");
        this.endDelayNanos = endDelayMillis * 1_000_000;
        this.readAheadMicros = readAheadMicros;
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = new Thread(this::run, "moq-mux-pacer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks to start the clock; it starts once the read-ahead is full or the input ended. */
    void requestStart() {
        synchronized (lock) {
            startRequested = true;
            lock.notifyAll();
        }
    }

    /** Says that the importer has written everything (after {@code finish()}). */
    void endOfInput() {
        synchronized (lock) {
            inputEnded = true;
            lock.notifyAll();
        }
    }

    /** @return whether the clock has started */
    boolean started() {
        synchronized (lock) {
            return clockStart >= 0;
        }
    }

    /** @return the names of the tracks created so far */
    List<String> trackNames() {
        synchronized (lock) {
            return tracks.stream().map(t -> t.info().name()).toList();
        }
    }

    /**
     * Waits until every queued operation was released to the target.
     *
     * @throws InterruptedException when interrupted
     */
    void drain() throws InterruptedException {
        synchronized (lock) {
            while (!closed && tracks.stream().anyMatch(t -> !t.queue.isEmpty())) {
                lock.wait();
            }
        }
    }

    /** Stops the thread and releases every queued buffer. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (PacedTrack t : tracks) {
                for (Op op : t.queue) {
                    op.discard();
                }
                t.queue.clear();
            }
            lock.notifyAll();
        }
    }

    @Override
    public TrackProducer createTrack(Track track) {
        synchronized (lock) {
            PacedTrack t = new PacedTrack(target.createTrack(track));
            tracks.add(t);
            return t;
        }
    }

    @Override
    public boolean hasTrack(String name) {
        return target.hasTrack(name);
    }

    // ---------------------------------------------------------------- the queue

    /** Queues {@code op} on {@code track}, waiting while the read-ahead is full. */
    private void enqueue(PacedTrack track, Op op) {
        synchronized (lock) {
            try {
                if (op.due != NONE) {
                    while (!closed && over(op)) {
                        producerWaiting = true;
                        lock.notifyAll();
                        lock.wait();
                    }
                    producerWaiting = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                op.discard();
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "interrupted while pacing");
            }
            if (closed) {
                op.discard();
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "the pacer is closed");
            }
            if (op.due != NONE) {
                if (clockStart < 0) {
                    t0 = Math.min(t0, op.due);
                }
                latestQueued = Math.max(latestQueued, op.due);
            }
            queuedBytes += op.bytes();
            track.queue.addLast(op);
            lock.notifyAll();
        }
    }

    /** Under the lock: whether queuing {@code op} now would exceed the read-ahead. */
    private boolean over(Op op) {
        if (queuedBytes > 0 && queuedBytes + op.bytes() > maxQueuedBytes) {
            return true;
        }
        if (t0 == Long.MAX_VALUE) {
            return false;
        }
        long mediaNow = clockStart < 0 ? t0 : t0 + (System.nanoTime() - clockStart) / 1000;
        return Math.max(latestQueued, op.due) - mediaNow > readAheadMicros;
    }

    private void run() {
        synchronized (lock) {
            while (!closed) {
                long now = System.nanoTime();
                if (clockStart < 0 && startRequested && (inputEnded || producerWaiting)) {
                    clockStart = now;
                    if (t0 == Long.MAX_VALUE) {
                        t0 = 0;
                    }
                    log.info("clock started");
                }
                long wakeAt = Long.MAX_VALUE;
                boolean released = false;
                for (PacedTrack t : tracks) {
                    for (Op op = t.queue.peekFirst(); op != null; op = t.queue.peekFirst()) {
                        if (op.due != NONE) {
                            if (clockStart < 0) {
                                break;
                            }
                            long at = clockStart + (op.due - t0) * 1000;
                            if (at - now > 0) {
                                wakeAt = Math.min(wakeAt, at);
                                break;
                            }
                        } else if (op instanceof TrackEndOp && t.lastFrameReleased >= 0) {
                            long at = t.lastFrameReleased + endDelayNanos;
                            if (at - now > 0) {
                                wakeAt = Math.min(wakeAt, at);
                                break;
                            }
                        }
                        if (op instanceof FrameOp f && f.timestamp != NONE) {
                            t.lastFrameReleased = now;
                        }
                        t.queue.pollFirst();
                        queuedBytes -= op.bytes();
                        released = true;
                        try {
                            op.apply();
                        } catch (RuntimeException e) {
                            log.warn("releasing to the broadcast failed: {}", e.toString());
                        }
                    }
                }
                if (released) {
                    lock.notifyAll();
                    continue;
                }
                try {
                    if (wakeAt == Long.MAX_VALUE) {
                        lock.wait();
                    } else {
                        long ms = Math.max(1, (wakeAt - now + 999_999) / 1_000_000);
                        lock.wait(ms);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- operations

    /** One queued operation on a track; {@link #due} is a media timestamp or {@link #NONE}. */
    private abstract static class Op {
        final long due;

        Op(long due) {
            this.due = due;
        }

        /** Performs the operation on the target (pacer thread, under the lock). */
        abstract void apply();

        /** Releases what the operation owns without performing it. */
        void discard() {
        }

        long bytes() {
            return 0;
        }
    }

    /** A media track's normal end: it leaves {@link #endDelayNanos} after the track's last frame. */
    private static final class TrackEndOp extends Op {
        final PacedTrack track;

        TrackEndOp(PacedTrack track) {
            super(NONE);
            this.track = track;
        }

        @Override
        void apply() {
            track.down.finish();
        }
    }

    private static final class FrameOp extends Op {
        private final PacedGroup group;
        private final long timestamp;
        private final long size;
        private final List<ByteBuf> chunks;

        FrameOp(long due, PacedGroup group, long timestamp, long size, List<ByteBuf> chunks) {
            super(due);
            this.group = group;
            this.timestamp = timestamp;
            this.size = size;
            this.chunks = chunks;
        }

        @Override
        void apply() {
            if (group.down == null) {
                discard();
                return;
            }
            FrameProducer f;
            try {
                f = group.down.createFrame(size, timestamp);
            } catch (RuntimeException e) {
                discard();
                throw e;
            }
            for (int i = 0; i < chunks.size(); i++) {
                try {
                    f.write(chunks.get(i)); // ownership passes to the target frame
                } catch (RuntimeException e) {
                    for (int j = i + 1; j < chunks.size(); j++) {
                        chunks.get(j).release();
                    }
                    throw e;
                }
            }
            f.finish();
        }

        @Override
        void discard() {
            chunks.forEach(ByteBuf::release);
        }

        @Override
        long bytes() {
            return size;
        }
    }

    /**
     * A track: its FIFO. The lite base keeps the producer contract (sequence numbers, nothing
     * after the end, one end); this class only queues what the producer did.
     */
    private final class PacedTrack extends AbstractTrackProducer {
        final TrackProducer down;
        final ArrayDeque<Op> queue = new ArrayDeque<>();
        /** When this track's last frame was released (nanoTime), or -1. */
        long lastFrameReleased = -1;
        /** Frames leave in timestamp order per track (B-frames): the largest timestamp so far. */
        long maxTimestamp = Long.MIN_VALUE;

        PacedTrack(TrackProducer down) {
            super(down.info());
            this.down = down;
        }

        @Override
        protected GroupProducer onAppendGroup(long sequence) {
            PacedGroup g = new PacedGroup(this, sequence);
            enqueue(this, new Op(NONE) {
                @Override
                void apply() {
                    g.down = down.appendGroup();
                }
            });
            return g;
        }

        @Override
        protected void onFinish() {
            enqueue(this, new TrackEndOp(this));
        }

        @Override
        protected void onAbort(Throwable cause) {
            enqueue(this, new Op(NONE) {
                @Override
                void apply() {
                    down.abort(cause);
                }
            });
        }

        long due(long timestamp) {
            if (timestamp == NONE) {
                return NONE;
            }
            maxTimestamp = Math.max(maxTimestamp, timestamp);
            return maxTimestamp;
        }
    }

    /** A group: its frames and end go to its track's FIFO; the base refuses what comes after the end. */
    private final class PacedGroup extends AbstractGroupProducer {
        final PacedTrack track;
        /** The target's group, once the append was released (pacer thread). */
        GroupProducer down;

        PacedGroup(PacedTrack track, long sequence) {
            super(sequence);
            this.track = track;
        }

        @Override
        protected FrameProducer onCreateFrame(long size, long timestampMicros) {
            return new PacedFrame(this, size, timestampMicros);
        }

        @Override
        protected void onFinish() {
            enqueue(track, new Op(NONE) {
                @Override
                void apply() {
                    if (down != null) {
                        down.finish();
                    }
                }
            });
        }

        @Override
        protected void onAbort(Throwable cause) {
            enqueue(track, new Op(NONE) {
                @Override
                void apply() {
                    if (down != null) {
                        down.abort(cause);
                    }
                }
            });
        }
    }

    /** Collects a frame's chunks (the base checks sizes and ends); queues the whole frame when it is finished. */
    private final class PacedFrame extends AbstractFrameProducer {
        private final PacedGroup group;
        private final List<ByteBuf> chunks = new ArrayList<>(2);

        PacedFrame(PacedGroup group, long size, long timestamp) {
            super(size, timestamp);
            this.group = group;
        }

        @Override
        protected void onChunk(ByteBuf chunk) {
            chunks.add(chunk);
        }

        @Override
        protected void onFinish() {
            long ts = timestampMicros();
            enqueue(group.track, new FrameOp(group.track.due(ts), group, ts, size(), List.copyOf(chunks)));
            chunks.clear();
        }

        @Override
        protected void onAbort(Throwable cause) {
            chunks.forEach(ByteBuf::release);
            chunks.clear();
        }
    }
}
