package io.github.moqmux.lite;

import io.netty.buffer.ByteBuf;

/**
 * Writes one group: an ordered sequence of frames that a subscriber can start decoding at (a video
 * group starts with a keyframe).
 */
public interface GroupProducer {
    /** @return this group's sequence number within its track, from 0 */
    long sequence();

    /**
     * Starts a frame whose total size is known now; its bytes may follow in several chunks.
     *
     * @param size the exact number of bytes that will be written
     * @return the frame producer
     */
    FrameProducer createFrame(long size);

    /**
     * Writes a whole frame at once.
     *
     * <p>Ownership: {@code frame} is transferred to this group, which releases it (also when this
     * method throws). The caller must not use or release it afterwards.
     *
     * @param frame the frame's bytes, from its reader index to its writer index
     */
    default void writeFrame(ByteBuf frame) {
        FrameProducer producer;
        try {
            producer = createFrame(frame.readableBytes());
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        producer.write(frame);
        producer.finish();
    }

    /** Ends the group normally. Idempotent. */
    void finish();

    /**
     * Ends the group with an error. Idempotent; a no-op after {@link #finish()}.
     *
     * @param cause why the group ended
     */
    void abort(Throwable cause);
}
