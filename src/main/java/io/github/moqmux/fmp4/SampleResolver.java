package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.SampleTable;
import io.github.moqmux.mp4.Tfhd;
import io.github.moqmux.mp4.Traf;
import io.github.moqmux.mp4.Trex;
import io.github.moqmux.mp4.Trun;
import java.util.List;

/**
 * Resolves the samples of one track fragment into a {@link TrafPlan}'s batch, from either source
 * an mdat can have: a {@code traf} of the pending {@code moof}, or the {@code moov}'s sample tables.
 * Both check that every sample lies inside the mdat, respect the size limit and compute presentation
 * times in µs on the track's timeline. Stateless apart from the shared {@link ImportContext}.
 */
final class SampleResolver {
    private final ImportContext ctx;

    SampleResolver(ImportContext ctx) {
        this.ctx = ctx;
    }

    /** @return the end of an mdat's payload, Long.MAX_VALUE when it runs to the end of the stream */
    static long endOf(MdatHeader mdat) {
        return mdat.extendsToEnd() ? Long.MAX_VALUE : mdat.end();
    }

    /**
     * A sample (video or audio) may start a group when it is a sync sample that depends on no other (ISO/IEC
     * 14496-12 §8.8.3.1: sample_depends_on == 2, sample_is_non_sync_sample == 0). Muxers that
     * leave sample_depends_on at 0 ("unknown") but mark sync samples are honoured too; a sample
     * that says it depends on others (1) never starts a group.
     */
    static boolean isSyncSample(int flags) {
        int dependsOn = (flags >>> 24) & 0x3;
        boolean nonSync = ((flags >>> 16) & 0x1) != 0;
        return !nonSync && dependsOn != 1;
    }

    /**
     * Fills the plan with the track's next fragment from its sample tables: a GOP for video, about
     * one audio group for audio, only samples inside the open mdat.
     *
     * @param plan the plan of the track
     * @param mdat the open mdat
     * @return false when the track has no more samples in this mdat
     */
    boolean fromTable(TrafPlan plan, MdatHeader mdat) {
        ImportedTrack track = plan.track;
        TableSamples table = track.table;
        long mdatEnd = endOf(mdat);
        if (table == null || !table.hasNext() || table.peek().position >= mdatEnd) {
            return false;
        }
        Fmp4Config config = ctx.config;
        plan.reset(track);
        SampleBatch batch = plan.batch;
        long groupStart = 0;
        long largestSample = ctx.largestBufferedSample();
        while (table.hasNext()) {
            SampleTable.Cursor s = table.peek();
            if (s.position >= mdatEnd) {
                break; // the rest lies in a later mdat
            }
            if (s.position < mdat.payloadOffset() || s.size > mdatEnd - s.position) {
                // At the tables that place it (inside the input), not at the claimed position.
                throw new MoqMuxException(Kind.SAMPLE_OUT_OF_RANGE, table.tableOffset(), "sample " + (s.index + 1)
                    + " of track " + track.trackId + " (sample tables) spans bytes [" + s.position + ", "
                    + (s.position + s.size) + ") outside the mdat payload starting at " + mdat.payloadOffset());
            }
            if (s.position < ctx.position) {
                throw new MoqMuxException(Kind.UNSUPPORTED, s.position, "sample " + (s.index + 1) + " of track "
                    + track.trackId + " lies before bytes already published; sample tables whose data runs"
                    + " backwards cannot be streamed (re-mux the file)");
            }
            // Reported at the sample tables that declare the sample, as for a traf (1-based there).
            SampleChecks.checkSampleSize(s.index + 1, s.position, s.size, largestSample, table.tableOffset());
            long pts = SampleChecks.presentationTime(s.decodeTime, s.compositionOffset, table.tableOffset());
            long ts = track.timeline.toMicros(pts, ctx.offsetMicros, table.tableOffset());
            // Audio too: codecs with dependent frames (xHE-AAC) list only some samples in stss.
            boolean keyframe = s.sync;
            if (batch.count > 0) {
                // A fragment (and so a cmaf frame, a group's first) begins only at a sync sample.
                if (keyframe && (track.kind == TrackKind.VIDEO || ts - groupStart >= config.maxAudioGroupDurationMicros())) {
                    break;
                }
                if (batch.count >= config.maxSamplesPerFragment()) {
                    break;
                }
            } else {
                groupStart = ts;
            }
            // Sample flags as a trun would carry them, for fragments written in CMAF.
            batch.add(s.position, s.size, s.decodeTime, s.duration, keyframe ? 0x0200_0000 : 0x0101_0000,
                s.compositionOffset, ts, keyframe);
            table.advance();
        }
        track.nextDecodeTime = table.endDecodeTime();
        if (!table.hasNext()) {
            track.table = null;
        }
        plan.from = track.firstPublished(batch);
        plan.ready();
        return true;
    }

    /**
     * Fills the plan's batch with the samples of one traf (for skipped tracks only the data end
     * is computed), following ISO/IEC 14496-12 §8.8.7–8 in absolute stream offsets (DESIGN §7),
     * and checks that every sample lies inside the mdat.
     *
     * @return the end of this traf's data, where the next traf's data starts by default
     */
    long fromTraf(Traf traf, boolean firstTraf, Moof moof, long previousTrafEnd, MdatHeader mdat, TrafPlan plan) {
        Fmp4Config config = ctx.config;
        ImportedTrack track = plan.track;
        SampleBatch batch = plan.batch;
        Tfhd tfhd = traf.tfhd();
        Trex trex = ctx.trexById.get(tfhd.trackId());
        long base;
        if (tfhd.hasBaseDataOffset()) {
            base = tfhd.baseDataOffset();
        } else if (tfhd.defaultBaseIsMoof() || firstTraf) {
            base = moof.offset();
        } else {
            base = previousTrafEnd;
        }
        long defaultDuration = tfhd.hasDefaultSampleDuration() ? tfhd.defaultSampleDuration()
            : trex != null ? trex.defaultSampleDuration() : 0;
        long defaultSize = tfhd.hasDefaultSampleSize() ? tfhd.defaultSampleSize()
            : trex != null ? trex.defaultSampleSize() : 0;
        int defaultFlags = tfhd.hasDefaultSampleFlags() ? tfhd.defaultSampleFlags()
            : trex != null ? trex.defaultSampleFlags() : 0;
        long mdatEnd = endOf(mdat);
        long largestSample = ctx.largestBufferedSample();

        long dts = traf.tfdt() != null ? traf.tfdt().baseMediaDecodeTime() : track != null ? track.nextDecodeTime : 0;
        if (dts < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, traf.offset(), "tfdt decode time exceeds 2^63 ticks");
        }
        long total = 0;
        long runEnd = base;
        List<Trun> truns = traf.truns();
        for (int r = 0; r < truns.size(); r++) {
            Trun trun = truns.get(r);
            long position = trun.hasDataOffset() ? base + trun.dataOffset() : runEnd;
            int count = trun.sampleCount();
            total += count;
            if (total > config.maxSamplesPerFragment()) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, traf.offset(), "track fragment holds more than "
                    + config.maxSamplesPerFragment() + " samples (Fmp4Config.maxSamplesPerFragment)");
            }
            for (int i = 0; i < count; i++) {
                long size = trun.hasSampleSizes() ? trun.size(i) : defaultSize;
                long duration = trun.hasSampleDurations() ? trun.duration(i) : defaultDuration;
                int flags = i == 0 && trun.hasFirstSampleFlags() ? trun.firstSampleFlags()
                    : trun.hasSampleFlags() ? trun.flags(i) : defaultFlags;
                long cto = trun.hasCompositionOffsets() ? trun.compositionOffset(i) : 0;
                if (!SampleChecks.insideMdat(position, size, mdat)) {
                    throw SampleChecks.outsideMdat(i, tfhd.trackId(), position, size, mdat, SampleChecks.culprit(
                        tfhd.hasBaseDataOffset(), base, mdat, traf.tfhdOffset(), traf.trunOffset(r)));
                }
                // Errors other than the range check are reported at the traf that declares the
                // sample: a claimed position may lie beyond the bytes received.
                SampleChecks.checkSampleSize(i, position, size, largestSample, traf.offset());
                if (track != null) {
                    long pts = SampleChecks.presentationTime(dts, cto, traf.offset());
                    long timestamp = track.timeline.toMicros(pts, ctx.offsetMicros, traf.offset());
                    batch.add(position, size, dts, duration, flags, cto, timestamp, isSyncSample(flags));
                }
                dts = SampleChecks.nextDecodeTime(dts, duration, traf.offset());
                position += size;
            }
            runEnd = position;
        }
        if (track != null) {
            track.nextDecodeTime = dts;
        }
        return runEnd;
    }
}
