package io.github.moqmux.net;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A finished frame as a {@link NetworkGroup} stores it: its chunks, owned by the group until the
 * group leaves the retention window or the broadcast closes, and its timestamp
 * ({@link io.github.moqmux.lite.FrameProducer#NO_TIMESTAMP} when it has none).
 */
record StoredFrame(List<ByteBuf> chunks, long size, long timestampMicros) {

    /** Releases the group's reference to every chunk; the frame must no longer be read. */
    void release() {
        chunks.forEach(ByteBuf::release);
    }
}
