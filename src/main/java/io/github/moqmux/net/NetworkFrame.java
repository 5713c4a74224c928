package io.github.moqmux.net;

import io.github.moqmux.lite.AbstractFrameProducer;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame of a {@link NetworkGroup} being written: chunks are kept as given (no copy) until it is
 * finished, then handed to the group as one {@link StoredFrame}. The frame contract (declared size,
 * refusal with release, one end) is {@link AbstractFrameProducer}'s.
 */
final class NetworkFrame extends AbstractFrameProducer {
    private final NetworkGroup group;
    /** Each chunk's reference is this frame's until {@link #onFinish} hands them to the group. */
    private List<ByteBuf> chunks = new ArrayList<>(2);

    NetworkFrame(NetworkGroup group, long size, long timestamp) {
        super(size, timestamp);
        this.group = group;
    }

    @Override
    protected void onChunk(ByteBuf chunk) {
        if (chunk.isReadable()) {
            chunks.add(chunk);
        } else {
            chunk.release();
        }
    }

    @Override
    protected void onFinish() {
        List<ByteBuf> done = chunks;
        chunks = null;
        group.addFrame(new StoredFrame(List.copyOf(done), size(), timestampMicros()));
    }

    @Override
    protected void onAbort(Throwable cause) {
        chunks.forEach(ByteBuf::release);
        chunks = null;
    }

    @Override
    protected String where() {
        return " in group " + group.sequence + " of " + group.track.info().name();
    }
}
