package io.github.moqmux.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * Test buffers that Netty's leak detector tracks (pooled ones; unpooled heap buffers are not
 * tracked), so that {@link LeakDetectionExtension} notices a missing release.
 */
public final class Bufs {
    /** The allocator tests use; pooled so that every buffer is leak-tracked. */
    public static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private Bufs() {
    }

    /**
     * @param bytes the content
     * @return a new tracked buffer holding a copy of {@code bytes}; the caller owns it
     */
    public static ByteBuf of(byte... bytes) {
        return ALLOC.buffer(bytes.length).writeBytes(bytes);
    }

    /**
     * @param hex the content as hex digits, e.g. {@code "c2197c5e"}
     * @return a new tracked buffer; the caller owns it
     */
    public static ByteBuf ofHex(String hex) {
        return of(ByteBufUtil.decodeHexDump(hex));
    }

    /**
     * @param buf a buffer; not released, indices unchanged
     * @return a copy of its readable bytes
     */
    public static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /**
     * Copies the readable bytes and releases the buffer, for assertions on owned buffers.
     *
     * @param buf a buffer the caller owns
     * @return a copy of its readable bytes
     */
    public static byte[] drain(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
