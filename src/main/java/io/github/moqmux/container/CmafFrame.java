package io.github.moqmux.container;

import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The cmaf container's frames (DESIGN §4, §9.1): one MoQ frame per CMAF fragment, a {@code moof}
 * followed by an {@code mdat} that hold one track's samples. The frame's timestamp is the
 * fragment's first presentation time.
 *
 * <p>A frame is started with its head (the {@code moof} and the {@code mdat} header), either the
 * source's own bytes when the source fragment already is exactly one track's
 * ({@link #beginPassthrough}), or a head written here from the samples' fields
 * ({@link #beginRebuilt}); the samples' bytes are then written to the returned frame in order, as
 * they arrive, and the caller finishes it. A source fragment that is complete in one buffer goes
 * out in one call ({@link #writeWhole}).
 *
 * <pre>{@code
 * FrameProducer frame = CmafFrame.beginRebuilt(group, ptsMicros, ByteBufAllocator.DEFAULT,
 *     sequence, trackId, decodeTime, 2, durations, sizes, flags, compositionOffsets, sizes[0] + sizes[1]);
 * frame.write(firstSample);     // ownership passes to the frame
 * frame.write(secondSample);
 * frame.finish();
 * }</pre>
 *
 * <p>The {@link ContainerFormat.Legacy legacy} container's frames are {@link LegacyFrame}.
 */
public final class CmafFrame {
    private CmafFrame() {
    }

    /**
     * Writes a source fragment that is already this track's and complete, in one buffer, as one frame.
     *
     * @param group           the group to write to
     * @param timestampMicros the fragment's first presentation time
     * @param fragment        the {@code moof} and the whole {@code mdat}; ownership passes to the group
     */
    public static void writeWhole(GroupProducer group, long timestampMicros, ByteBuf fragment) {
        group.writeFrame(timestampMicros, fragment);
    }

    /**
     * Starts a frame whose head is the source's own {@code moof} and {@code mdat} header.
     *
     * @param group           the group to write to
     * @param timestampMicros the fragment's first presentation time
     * @param moof            the source {@code moof}; ownership passes to the frame
     * @param mdatHeader      the source {@code mdat} header; ownership passes to the frame
     * @param payloadSize     the bytes of samples that will follow
     * @return the frame, for the samples' bytes; the caller finishes it
     */
    public static FrameProducer beginPassthrough(GroupProducer group, long timestampMicros, ByteBuf moof,
                                                 ByteBuf mdatHeader, long payloadSize) {
        FrameProducer frame;
        try {
            frame = group.createFrame((long) moof.readableBytes() + mdatHeader.readableBytes() + payloadSize,
                timestampMicros);
        } catch (RuntimeException e) {
            moof.release();
            mdatHeader.release();
            throw e;
        }
        try {
            frame.write(moof);
        } catch (RuntimeException e) {
            mdatHeader.release(); // the moof is the frame's now, released by its write
            throw e;
        }
        frame.write(mdatHeader);
        return frame;
    }

    /**
     * Starts a frame whose head is a new {@code moof} (one {@code traf}, one {@code trun} with
     * every per-sample field) and {@code mdat} header, for {@code sampleCount} samples; the arrays
     * may be longer than that.
     *
     * @param group              the group to write to
     * @param timestampMicros    the fragment's first presentation time
     * @param allocator          for the head
     * @param sequenceNumber     the {@code mfhd} sequence number
     * @param trackId            the {@code tfhd} track id
     * @param baseDecodeTime     the {@code tfdt} time, in the track's timescale; not negative
     * @param sampleCount        the number of samples
     * @param durations          their durations
     * @param sizes              their sizes
     * @param flags              their sample flags
     * @param compositionOffsets their composition time offsets
     * @param payloadSize        the sum of their sizes
     * @return the frame, for the samples' bytes; the caller finishes it
     * @throws IllegalArgumentException when {@code baseDecodeTime} is negative
     */
    public static FrameProducer beginRebuilt(GroupProducer group, long timestampMicros, ByteBufAllocator allocator,
                                             long sequenceNumber, long trackId, long baseDecodeTime, int sampleCount,
                                             long[] durations, long[] sizes, int[] flags, long[] compositionOffsets,
                                             long payloadSize) {
        if (baseDecodeTime < 0) {
            throw new IllegalArgumentException("negative base decode time " + baseDecodeTime);
        }
        int headSize = BoxWriter.fragmentHeaderSize(sampleCount, payloadSize);
        ByteBuf head = allocator.buffer(headSize);
        FrameProducer frame;
        try {
            BoxWriter.writeFragmentHeader(head, sequenceNumber, trackId, baseDecodeTime, sampleCount,
                durations, sizes, flags, compositionOffsets, payloadSize);
            frame = group.createFrame(headSize + payloadSize, timestampMicros);
        } catch (RuntimeException e) {
            head.release();
            throw e;
        }
        frame.write(head);
        return frame;
    }
}
