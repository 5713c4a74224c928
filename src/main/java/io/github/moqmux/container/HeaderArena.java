package io.github.moqmux.container;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Small frame headers (legacy varints) written one after another into a shared heap chunk and
 * handed out as retained slices, so a frame header costs one slice object instead of a new
 * buffer (with, for Netty's unpooled allocator, a direct {@code ByteBuffer} and its cleaner).
 *
 * <p>Bytes of a chunk are written once and never changed, so a slice stays valid however long
 * a frame lives; a full chunk is dropped by the arena and freed when the last slice is released.
 * A retained frame pins at most one {@value #CHUNK_SIZE}-byte chunk. One arena per thread
 * ({@link #current()}): producers run on the importer's thread, consumers only read the bytes
 * and release their slices, which is thread-safe.
 */
final class HeaderArena {
    static final int CHUNK_SIZE = 2048;
    private static final ThreadLocal<HeaderArena> PER_THREAD = ThreadLocal.withInitial(HeaderArena::new);

    private ByteBuf chunk = newChunk();

    private HeaderArena() {
    }

    static HeaderArena current() {
        return PER_THREAD.get();
    }

    /**
     * @param timestampMicros a value already validated by {@link VarInt#size}
     * @param size            {@code VarInt.size(timestampMicros)}
     * @return a new buffer holding the varint; the caller owns it
     */
    ByteBuf varint(long timestampMicros, int size) {
        if (chunk.writableBytes() < size) {
            // Frames keep their slices (and so the old chunk) alive; the arena lets go.
            chunk.release();
            chunk = newChunk();
        }
        int at = chunk.writerIndex();
        VarInt.write(chunk, timestampMicros);
        return chunk.retainedSlice(at, size);
    }

    private static ByteBuf newChunk() {
        // Unpooled.buffer would be tracked by the leak detector and reported when a thread that
        // owns an arena dies; a wrapped array is plain memory the garbage collector reclaims.
        return Unpooled.wrappedBuffer(new byte[CHUNK_SIZE]).clear();
    }
}
