package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Traf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * The cmaf (passthrough) container: one MoQ frame per fragment, holding a {@code moof} + {@code mdat}
 * with only this track's samples (DESIGN §4, §9.1).
 *
 * <p>When the input fragment already is exactly that (one {@code traf}, one {@code trun}, the
 * {@code mdat} right behind the {@code moof} and holding only these samples, no timeline shift),
 * its original bytes pass through untouched. Otherwise a new {@code moof} is written for this
 * track's samples, whose bytes follow as slices of the input.
 */
final class CmafOutput extends TrackOutput {
    private final long trackId;
    private final long decodeTimeDelta;
    private final ByteBufAllocator allocator;

    /**
     * @param decodeTimeDelta ticks added to every {@code tfdt} so both containers share one timeline
     */
    CmafOutput(TrackProducer track, TrackKind kind, long maxAudioGroupDurationMicros, long trackId,
               long decodeTimeDelta, ByteBufAllocator allocator) {
        super(track, kind, maxAudioGroupDurationMicros);
        this.trackId = trackId;
        this.decodeTimeDelta = decodeTimeDelta;
        this.allocator = allocator;
    }

    @Override
    void write(SampleBatch batch, int from, MdatContext context) {
        int count = batch.count - from;
        if (count <= 0) {
            return;
        }
        long firstTs = batch.timestamp[from];
        GroupProducer group = group(batch.containsKeyframe(from), firstTs);
        if (from == 0 && isSelfContained(batch, context)) {
            ByteBuf moof = context.moofBox();
            ByteBuf mdat = context.mdat();
            FrameProducer frame = group.createFrame((long) moof.readableBytes() + mdat.readableBytes());
            frame.write(moof.retainedDuplicate());
            frame.write(mdat.retainedDuplicate());
            frame.finish();
        } else {
            writeRewritten(group, batch, from, count, context);
        }
        written(firstTs);
    }

    private void writeRewritten(GroupProducer group, SampleBatch batch, int from, int count, MdatContext context) {
        long payload = batch.payloadSize(from);
        long baseDecodeTime = batch.decodeTime[from] + decodeTimeDelta;
        if (baseDecodeTime < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, batch.position[from],
                "fragment decode time becomes negative after applying the edit list");
        }
        int headerSize = BoxWriter.fragmentHeaderSize(count, payload);
        FrameProducer frame = group.createFrame(headerSize + payload);
        ByteBuf header = allocator.buffer(headerSize);
        try {
            BoxWriter.writeFragmentHeader(header, context.moof().sequenceNumber(), trackId, baseDecodeTime, count,
                range(batch.duration, from), range(batch.size, from), range(batch.flags, from),
                range(batch.compositionOffset, from), payload);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        frame.write(header);
        // Adjacent samples go out as one slice: usually the whole run is one.
        long runStart = batch.position[from];
        long runEnd = runStart;
        for (int i = from; i < batch.count; i++) {
            if (batch.position[i] != runEnd) {
                writeRun(frame, context, runStart, runEnd);
                runStart = batch.position[i];
            }
            runEnd = batch.position[i] + batch.size[i];
        }
        writeRun(frame, context, runStart, runEnd);
        frame.finish();
    }

    private static void writeRun(FrameProducer frame, MdatContext context, long start, long end) {
        if (end > start) {
            frame.write(context.retainedSlice(start, end - start));
        }
    }

    private boolean isSelfContained(SampleBatch batch, MdatContext context) {
        Moof moof = context.moof();
        if (context.moofBox() == null || decodeTimeDelta != 0 || moof.trafs().size() != 1) {
            return false;
        }
        Traf traf = moof.trafs().get(0);
        if (traf.truns().size() != 1 || traf.tfdt() == null || traf.tfhd().hasBaseDataOffset()
            || context.mdatHeader().extendsToEnd() || context.mdatHeader().offset() != moof.offset() + moof.size()) {
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
