package io.github.moqmux.lite;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * One frame of a {@link MemoryGroup}: its chunks while open, then one buffer over them. The
 * producer contract (sizes, refusal with release, one end) is {@link AbstractFrameProducer}'s;
 * this class stores. Its storage is guarded by the broadcast's lock.
 */
final class MemoryFrame extends AbstractFrameProducer {
    private final MemoryGroup group;
    /** Chunks while open; null once finished or discarded. Each chunk's reference is ours. */
    private List<ByteBuf> chunks = new ArrayList<>(2);
    /** The frame's bytes once finished: exactly {@code size} readable bytes. */
    ByteBuf data;
    /** Whether the frame finished, as readers see it. */
    boolean finished;

    MemoryFrame(MemoryGroup group, long size, long timestampMicros) {
        super(size, timestampMicros);
        this.group = group;
    }

    /** Keeps a non-empty chunk (ours from here on); an empty one is released at once. */
    @Override
    protected void onChunk(ByteBuf chunk) {
        MemoryBroadcast broadcast = group.track.broadcast;
        boolean kept = false;
        broadcast.lock.lock();
        try {
            broadcast.checkNotClosed();
            if (chunks != null && chunk.isReadable()) {
                chunks.add(chunk);
                kept = true;
            }
        } finally {
            broadcast.lock.unlock();
            if (!kept) {
                chunk.release();
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} if the broadcast is
     *     closed
     */
    @Override
    protected void onFinish() {
        MemoryBroadcast broadcast = group.track.broadcast;
        broadcast.lock.lock();
        try {
            broadcast.checkNotClosed();
            data = assemble();
            chunks = null;
            finished = true;
            group.frameFinishedLocked(timestampMicros());
            broadcast.changed.signalAll();
        } finally {
            broadcast.lock.unlock();
        }
    }

    @Override
    protected void onAbort(Throwable cause) {
        MemoryBroadcast broadcast = group.track.broadcast;
        broadcast.lock.lock();
        try {
            if (!broadcast.isClosedLocked()) {
                discardLocked();
            }
        } finally {
            broadcast.lock.unlock();
        }
    }

    @Override
    protected String where() {
        return " in " + group;
    }

    /** Drops the partial bytes and removes the frame so that readers move past it. */
    private void discardLocked() {
        releaseAll();
        group.frames.remove(this);
        group.track.broadcast.changed.signalAll();
    }

    /** @return how many buffers were released */
    int releaseAll() {
        int released = 0;
        if (chunks != null) {
            for (ByteBuf chunk : chunks) {
                chunk.release();
                released++;
            }
            chunks = null;
        }
        if (data != null) {
            data.release();
            data = null;
            released++;
        }
        return released;
    }

    /** @return the frame's bytes, owning every chunk's reference */
    private ByteBuf assemble() {
        List<ByteBuf> parts = chunks;
        if (parts.isEmpty()) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        // Exactly as many components as chunks: with fewer allowed, Netty would consolidate
        // (copy) them.
        CompositeByteBuf composite = parts.get(0).alloc().compositeBuffer(parts.size());
        // From here on the composite owns the chunks (Netty releases those it could not add
        // if adding fails), so this frame must not release them a second time.
        chunks = null;
        try {
            return composite.addComponents(true, parts);
        } catch (RuntimeException | Error e) {
            composite.release();
            discardLocked();
            throw e;
        }
    }
}
