package io.github.moqmux.lite;

import io.netty.buffer.ByteBuf;

/**
 * Writes one frame: a blob of a size declared up front, written in one or more chunks.
 */
public interface FrameProducer {
    /**
     * The timestamp of a frame that has no presentation time (a catalog frame), for
     * {@link GroupProducer#createFrame(long, long)}.
     */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /** @return the declared total size in bytes */
    long size();

    /**
     * Appends a chunk.
     *
     * <p>Ownership: {@code chunk} is transferred to this frame, which releases it when it no longer
     * needs it (also when this method throws). The caller must not use or release it afterwards,
     * and must not modify the bytes it covers (they may be a slice of the caller's input).
     *
     * @param chunk the bytes from its reader index to its writer index
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} if the chunk would
     *     exceed the declared size or the frame is already finished
     */
    void write(ByteBuf chunk);

    /**
     * Ends the frame.
     *
     * @throws io.github.moqmux.MoqMuxException of kind {@code ILLEGAL_STATE} unless exactly
     *     {@link #size()} bytes were written
     */
    void finish();

    /**
     * Ends the frame with an error; its partial bytes are discarded. Idempotent.
     *
     * @param cause why the frame ended
     */
    void abort(Throwable cause);
}
