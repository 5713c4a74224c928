package io.github.moqmux.examples;

import io.github.moqmux.MoqMuxException;
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
 * A custom transport: implements the four producer interfaces and forwards every finished frame,
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

    private final class QueueTrack implements TrackProducer {
        private final Track info;
        private long nextGroup;
        private boolean ended;

        QueueTrack(Track info) {
            this.info = info;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            return new QueueGroup(info.name(), nextGroup++);
        }

        @Override
        public void finish() {
            if (!ended) {
                ended = true;
                send(new Event(Event.Type.TRACK_END, info.name(), nextGroup - 1, -1, null));
            }
        }

        @Override
        public void abort(Throwable cause) {
            if (!ended) {
                ended = true;
                send(new Event(Event.Type.TRACK_ABORT, info.name(), nextGroup - 1, -1, null));
            }
        }
    }

    private final class QueueGroup implements GroupProducer {
        private final String track;
        private final long sequence;
        private int frames;
        private boolean ended;

        QueueGroup(String track, long sequence) {
            this.track = track;
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public FrameProducer createFrame(long size) {
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "frame size " + size);
            }
            return new QueueFrame(this, (int) size);
        }

        @Override
        public void finish() {
            if (!ended) {
                ended = true;
                send(new Event(Event.Type.GROUP_END, track, sequence, frames, null));
            }
        }

        @Override
        public void abort(Throwable cause) {
            ended = true;   // the frames already sent stay valid; nothing more to say
        }
    }

    private final class QueueFrame implements FrameProducer {
        private final QueueGroup group;
        private final byte[] payload;
        private int written;
        private boolean ended;

        QueueFrame(QueueGroup group, int size) {
            this.group = group;
            this.payload = new byte[size];
        }

        @Override
        public long size() {
            return payload.length;
        }

        @Override
        public void write(ByteBuf chunk) {
            try {   // the chunk is ours: copy what we need and release it, also on failure
                int n = chunk.readableBytes();
                if (ended || n > payload.length - written) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "chunk of " + n + " bytes does not fit frame of " + payload.length);
                }
                chunk.getBytes(chunk.readerIndex(), payload, written, n);
                written += n;
            } finally {
                chunk.release();
            }
        }

        @Override
        public void finish() {
            if (ended || written != payload.length) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                    "frame has " + written + " of " + payload.length + " bytes");
            }
            ended = true;
            send(new Event(Event.Type.FRAME, group.track, group.sequence, group.frames++, payload));
        }

        @Override
        public void abort(Throwable cause) {
            ended = true;
        }
    }
}
