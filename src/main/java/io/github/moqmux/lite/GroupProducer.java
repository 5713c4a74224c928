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
     * Starts a frame whose total size and presentation time are known now. Transports that carry a
     * per-frame timestamp on the wire (moq-lite-05) use {@code timestampMicros}; the frame's bytes
     * are the same either way (the legacy container still starts its payload with the varint
     * timestamp). The default ignores the timestamp.
     *
     * @param size            the exact number of bytes that will be written
     * @param timestampMicros the frame's presentation time in microseconds, or
     *                        {@link FrameProducer#NO_TIMESTAMP} when it has none (a catalog frame)
     * @return the frame producer
     */
    default FrameProducer createFrame(long size, long timestampMicros) {
        return createFrame(size);
    }

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

    /**
     * Writes a whole frame with a presentation time, in one buffer.
     *
     * <p>Ownership: {@code frame} is transferred to this group, which releases it (also when this
     * method throws). The caller must not use or release it afterwards.
     *
     * @param timestampMicros the frame's presentation time in microseconds, or
     *                        {@link FrameProducer#NO_TIMESTAMP}
     * @param frame           the frame's bytes, from its reader index to its writer index
     */
    default void writeFrame(long timestampMicros, ByteBuf frame) {
        FrameProducer producer;
        try {
            producer = createFrame(frame.readableBytes(), timestampMicros);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
        producer.write(frame);
        producer.finish();
    }

    /**
     * Writes a whole frame made of a header and a payload, without joining them into a composite or
     * copying either: the frame's bytes are {@code header} followed by {@code payload}.
     *
     * <p>Ownership: both buffers are transferred to this group, which releases them (also when this
     * method throws). The caller must not use or release them afterwards.
     *
     * @param timestampMicros the frame's presentation time in microseconds, or
     *                        {@link FrameProducer#NO_TIMESTAMP}
     * @param header          the first bytes of the frame (may be empty)
     * @param payload         the rest of the frame
     */
    default void writeFrame(long timestampMicros, ByteBuf header, ByteBuf payload) {
        FrameProducer producer;
        try {
            producer = createFrame((long) header.readableBytes() + payload.readableBytes(), timestampMicros);
        } catch (RuntimeException e) {
            header.release();
            payload.release();
            throw e;
        }
        try {
            producer.write(header);
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        producer.write(payload);
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
