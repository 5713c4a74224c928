package io.github.moqmux.examples;

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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * A custom transport: builds on the producer bases of {@code lite} (which keep the contract:
 * sizes, state checks, single ends, release of refused buffers) and forwards every finished frame,
 * and every end of a group or track, as an {@link Event} on a queue that another thread (a network
 * sender, a recorder) drains. Shown in README.md, "A custom transport".
 */
final class QueueBroadcast implements BroadcastProducer {
    /** What the transport sends. {@code payload} is set for frames only. */
    record Event(Type type, String track, long group, int frame, byte[] payload) {
        enum Type { FRAME, GROUP_END, TRACK_END, TRACK_ABORT }
    }

    private final BlockingQueue<Event> queue;
    private final Map<String, Track> tracks = new HashMap<>();

    QueueBroadcast(BlockingQueue<Event> queue) {
        this.queue = queue;
    }

    @Override
    public TrackProducer createTrack(Track track) {
        if (tracks.putIfAbsent(track.name(), track) != null) {
            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "track " + track.name() + " exists");
        }
        return new QueueTrack(track);
    }

    @Override
    public boolean hasTrack(String name) {
        return tracks.containsKey(name);
    }

    private void send(Event event) {
        try {
            queue.put(event);   // back-pressure: the importer's thread waits for the sender
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoqMuxException(MoqMuxException.Kind.IO, "interrupted while sending");
        }
    }

    private final class QueueTrack extends AbstractTrackProducer {
        QueueTrack(Track info) {
            super(info);
        }

        @Override
        protected GroupProducer onAppendGroup(long sequence) {
            return new QueueGroup(info().name(), sequence);
        }

        @Override
        protected void onFinish() {     // the base calls it once, and never after an abort
            send(new Event(Event.Type.TRACK_END, info().name(), nextSequence() - 1, -1, null));
        }

        @Override
        protected void onAbort(Throwable cause) {
            send(new Event(Event.Type.TRACK_ABORT, info().name(), nextSequence() - 1, -1, null));
        }
    }

    private final class QueueGroup extends AbstractGroupProducer {
        private final String track;
        private int frames;

        QueueGroup(String track, long sequence) {
            super(sequence);
            this.track = track;
        }

        @Override
        protected FrameProducer onCreateFrame(long size, long timestampMicros) {
            if (size > Integer.MAX_VALUE) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "frame size " + size);
            }
            return new QueueFrame(this, (int) size);
        }

        @Override
        protected void onFinish() {
            send(new Event(Event.Type.GROUP_END, track, sequence(), frames, null));
        }
        // onAbort: the frames already sent stay valid; nothing more to say
    }

    private final class QueueFrame extends AbstractFrameProducer {
        private final QueueGroup group;
        private final byte[] payload;
        private int at;

        QueueFrame(QueueGroup group, int size) {
            super(size, NO_TIMESTAMP);
            this.group = group;
            this.payload = new byte[size];
        }

        @Override
        protected void onChunk(ByteBuf chunk) {
            try {   // the chunk is ours: copy it and release it (the base checked that it fits)
                int n = chunk.readableBytes();
                chunk.getBytes(chunk.readerIndex(), payload, at, n);
                at += n;
            } finally {
                chunk.release();
            }
        }

        @Override
        protected void onFinish() {     // the base checked that exactly size() bytes arrived
            send(new Event(Event.Type.FRAME, group.track, group.sequence(), group.frames++, payload));
        }

        @Override
        protected void onAbort(Throwable cause) {
        }
    }
}
