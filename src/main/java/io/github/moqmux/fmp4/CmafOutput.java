package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.container.CmafFrame;
import io.github.moqmux.container.DurationGroups;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.publish.TrackPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * The cmaf (passthrough) container's adapter: maps a track fragment's {@link SampleBatch} onto
 * {@link CmafFrame}, which writes one MoQ frame per fragment, a {@code moof} + {@code mdat} with only
 * this track's samples (DESIGN §4, §9.1); the choice of head and the group are made here.
 *
 * <p>The frame is created as soon as its size is known, at the start of the input {@code mdat},
 * and each sample's bytes are written into it as they arrive. When the input fragment already is
 * exactly this track's fragment (one {@code traf}, one {@code trun}, the {@code mdat} right behind
 * the {@code moof} and holding only these samples, no timeline shift), its original {@code moof}
 * and {@code mdat} header pass through untouched; otherwise a new {@code moof} is written. Such a
 * fragment whose {@code mdat} had fully arrived with its {@code moof} goes out at once as one slice
 * of the input, without a slice per sample.
 */
final class CmafOutput extends TrackOutput {
    private final long trackId;
    private final long decodeTimeDelta;
    private final ByteBufAllocator allocator;
    /** The fragment being written, between beginFragment and endFragment. */
    private FrameProducer frame;
    /** Whether the fragment begun last went out whole at its start: its samples need no bytes. */
    private boolean sentWhole;

    /**
     * @param decodeTimeDelta ticks added to every {@code tfdt} so both containers share one timeline
     */
    private final GroupCounter counter = new GroupCounter();
    /** mfhd sequence number of the last fragment built from sample tables: they increase per track. */
    private long tableSequence;

    CmafOutput(TrackPublisher publisher, long trackId, long decodeTimeDelta, ByteBufAllocator allocator) {
        super(publisher);
        this.trackId = trackId;
        this.decodeTimeDelta = decodeTimeDelta;
        this.allocator = allocator;
    }

    @Override
    void beginFragment(SampleBatch batch, int from, MdatContext context) {
        // An audio group starts only at a fragment that begins with a sync sample; firstPublished
        // dropped leading samples that are not while no group is open, so a group is returned.
        boolean audio = publisher.groups() instanceof DurationGroups;
        GroupProducer group = counter.counted(publisher.groups().groupFor(
            audio ? batch.keyframe[from] : batch.containsKeyframe(from), batch.timestamp[from]));
        if (from == 0 && isSelfContained(batch, context)) {
            if (context.wholeFragment()) {
                // moof and complete mdat arrived together: one slice of the input is the frame.
                CmafFrame.writeWhole(group, batch.timestamp[from], context.moofBox().retainedDuplicate());
                sentWhole = true;
                return;
            }
            frame = CmafFrame.beginPassthrough(group, batch.timestamp[from], context.moofBox().retainedDuplicate(),
                context.mdatHeaderBox().retainedDuplicate(), context.mdatHeader().payloadSize());
            return;
        }
        int count = batch.count - from;
        long payload = batch.payloadSize(from);
        long baseDecodeTime = batch.decodeTime[from] + decodeTimeDelta;
        if (baseDecodeTime < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, batch.position[from],
                "fragment decode time becomes negative after applying the edit list");
        }
        // ISO/IEC 14496-12 §8.8.5: sequence numbers increase from fragment to fragment; a moof's
        // own number is kept, fragments from sample tables are numbered per track.
        long sequence = context.moof() == null ? ++tableSequence : context.sequenceNumber();
        frame = CmafFrame.beginRebuilt(group, batch.timestamp[from], allocator, sequence, trackId, baseDecodeTime,
            count, range(batch.duration, from), range(batch.size, from), range(batch.flags, from),
            range(batch.compositionOffset, from), payload);
    }

    @Override
    void sample(SampleBatch batch, int index, ByteBuf bytes) {
        if (sentWhole) {
            if (bytes != null) {
                bytes.release(); // sliced for the in-band configuration search only
            }
        } else if (bytes.isReadable()) {
            frame.write(bytes);
        } else {
            bytes.release();
        }
        publisher.counted(batch.timestamp[index], batch.size[index], batch.duration[index]);
    }

    /** @return true: a fragment's samples are one run of bytes in its frame, however they are sliced */
    @Override
    boolean takesRuns() {
        return true;
    }

    @Override
    void sampleRun(SampleBatch batch, int from, int to, ByteBuf bytes) {
        if (sentWhole || !bytes.isReadable()) {
            bytes.release();
        } else {
            frame.write(bytes);
        }
        for (int i = from; i < to; i++) {
            publisher.counted(batch.timestamp[i], batch.size[i], batch.duration[i]);
        }
    }

    @Override
    boolean needsSampleBytes() {
        return !sentWhole;
    }

    @Override
    void endFragment(SampleBatch batch, int from) {
        FrameProducer done = frame;
        frame = null;
        if (sentWhole) {
            sentWhole = false;
        } else {
            done.finish();
        }
        counter.frames++;
        publisher.groups().frameWritten(batch.timestamp[from]);
    }

    @Override
    long groupCount() {
        return counter.groups;
    }

    @Override
    long frameCount() {
        return counter.frames;
    }

    @Override
    void abortFragment(Throwable cause) {
        sentWhole = false;
        if (frame != null) {
            frame.abort(cause);
            frame = null;
        }
    }

    private boolean isSelfContained(SampleBatch batch, MdatContext context) {
        FlatMoof moof = context.moof();
        if (moof == null || context.moofBox() == null || decodeTimeDelta != 0 || moof.trafCount != 1) {
            return false;
        }
        if (moof.runCount[0] != 1 || !moof.hasTfdt[0] || moof.hasBaseDataOffset(0)
            || context.mdatHeader().extendsToEnd() || context.mdatHeader().offset() != moof.offset + moof.size) {
            return false;
        }
        long expected = context.mdatHeader().payloadOffset();
        for (int i = 0; i < batch.count; i++) {
            if (batch.position[i] != expected) {
                return false;
            }
            expected += batch.size[i];
        }
        return expected == context.mdatHeader().end();
    }

    private static long[] range(long[] values, int from) {
        return from == 0 ? values : Arrays.copyOfRange(values, from, values.length);
    }

    private static int[] range(int[] values, int from) {
        return from == 0 ? values : Arrays.copyOfRange(values, from, values.length);
    }
}
