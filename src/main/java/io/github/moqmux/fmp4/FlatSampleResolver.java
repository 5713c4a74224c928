package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.Moov;
import io.github.moqmux.mp4.Tfhd;
import io.github.moqmux.mp4.Trex;
import io.github.moqmux.mp4.Trun;

/**
 * Resolves the samples of one traf of a {@link FlatMoof} into a plan's batch: the same rules and
 * checks, with the same error kinds and offsets, as {@link SampleResolver#fromTraf} on the typed
 * boxes (ISO/IEC 14496-12 §8.8.7–8 in absolute stream offsets, DESIGN §7), read from the flat
 * arrays. Tracks are found by a linear scan of a small array rebuilt when the moov changes, not by
 * a map keyed by boxed ids: one fragment per sample makes this lookup per sample.
 */
final class FlatSampleResolver {
    private final ImportContext ctx;
    /** The moov the track arrays below were built from. */
    private Moov indexedMoov;
    private long[] ids = new long[0];
    private ImportedTrack[] tracks = new ImportedTrack[0];
    private Trex[] trexes = new Trex[0];
    /** Index in the arrays of the last {@link #find} hit, or -1 for a track id the moov lacks. */
    private int found;

    FlatSampleResolver(ImportContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Looks a track id up among the tracks the current moov declares.
     *
     * @return whether the moov declares it; {@link #track()} and {@link #trex()} then describe it
     */
    boolean find(long trackId) {
        if (indexedMoov != ctx.moov) {
            index();
        }
        long[] a = ids;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == trackId) {
                found = i;
                return true;
            }
        }
        found = -1;
        return false;
    }

    /** @return the imported track found last, or null when it is skipped or undeclared */
    ImportedTrack track() {
        return found < 0 ? null : tracks[found];
    }

    /** @return the trex of the track found last, or null */
    Trex trex() {
        return found < 0 ? null : trexes[found];
    }

    private void index() {
        int n = ctx.declaredTrackIds.size();
        ids = new long[n];
        tracks = new ImportedTrack[n];
        trexes = new Trex[n];
        int i = 0;
        for (Long id : ctx.declaredTrackIds) {
            ids[i] = id;
            tracks[i] = ctx.tracks.get(id);
            trexes[i] = ctx.trexById.get(id);
            i++;
        }
        indexedMoov = ctx.moov;
    }

    /**
     * Fills the plan's batch with the samples of traf {@code t} (for skipped tracks only the data
     * end is computed) and checks that every sample lies inside the mdat. {@link #find} must have
     * been called for the traf's track id.
     *
     * @return the end of this traf's data, where the next traf's data starts by default
     */
    long fromTraf(FlatMoof moof, int t, long previousTrafEnd, MdatHeader mdat, TrafPlan plan) {
        Fmp4Config config = ctx.config;
        ImportedTrack track = plan.track;
        SampleBatch batch = plan.batch;
        Trex trex = trex();
        int tfhdFlags = moof.tfhdFlags[t];
        long trafOffset = moof.trafOffset[t];
        long trackId = moof.trackId[t];
        long base;
        if ((tfhdFlags & Tfhd.BASE_DATA_OFFSET_PRESENT) != 0) {
            base = moof.baseDataOffset[t];
        } else if ((tfhdFlags & Tfhd.DEFAULT_BASE_IS_MOOF) != 0 || t == 0) {
            base = moof.offset;
        } else {
            base = previousTrafEnd;
        }
        long defaultDuration = (tfhdFlags & Tfhd.DEFAULT_SAMPLE_DURATION_PRESENT) != 0 ? moof.defaultDuration[t]
            : trex != null ? trex.defaultSampleDuration() : 0;
        long defaultSize = (tfhdFlags & Tfhd.DEFAULT_SAMPLE_SIZE_PRESENT) != 0 ? moof.defaultSize[t]
            : trex != null ? trex.defaultSampleSize() : 0;
        int defaultFlags = (tfhdFlags & Tfhd.DEFAULT_SAMPLE_FLAGS_PRESENT) != 0 ? moof.defaultFlags[t]
            : trex != null ? trex.defaultSampleFlags() : 0;
        long largestSample = ctx.largestBufferedSample();

        long dts = moof.hasTfdt[t] ? moof.baseDecodeTime[t] : track != null ? track.nextDecodeTime : 0;
        if (dts < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, trafOffset, "tfdt decode time exceeds 2^63 ticks");
        }
        int[] entries = moof.entries;
        long total = 0;
        long runEnd = base;
        int lastRun = moof.firstRun[t] + moof.runCount[t];
        for (int r = moof.firstRun[t]; r < lastRun; r++) {
            int runFlags = moof.runFlags[r];
            long position = (runFlags & Trun.DATA_OFFSET_PRESENT) != 0 ? base + moof.runDataOffset[r] : runEnd;
            int count = moof.runSamples[r];
            total += count;
            if (total > config.maxSamplesPerFragment()) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, trafOffset, "track fragment holds more than "
                    + config.maxSamplesPerFragment() + " samples (Fmp4Config.maxSamplesPerFragment)");
            }
            // Where each field sits in a sample's entry, -1 when the run does not carry it.
            int at = 0;
            int durationAt = (runFlags & Trun.SAMPLE_DURATION_PRESENT) != 0 ? at++ : -1;
            int sizeAt = (runFlags & Trun.SAMPLE_SIZE_PRESENT) != 0 ? at++ : -1;
            int flagsAt = (runFlags & Trun.SAMPLE_FLAGS_PRESENT) != 0 ? at++ : -1;
            int ctoAt = (runFlags & Trun.SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT) != 0 ? at++ : -1;
            int stride = at;
            boolean firstFlagsPresent = (runFlags & Trun.FIRST_SAMPLE_FLAGS_PRESENT) != 0;
            boolean signedCto = moof.runVersion[r] != 0;
            int e = moof.runEntries[r];
            for (int i = 0; i < count; i++, e += stride) {
                long size = sizeAt >= 0 ? Integer.toUnsignedLong(entries[e + sizeAt]) : defaultSize;
                long duration = durationAt >= 0 ? Integer.toUnsignedLong(entries[e + durationAt]) : defaultDuration;
                int flags = i == 0 && firstFlagsPresent ? moof.runFirstFlags[r]
                    : flagsAt >= 0 ? entries[e + flagsAt] : defaultFlags;
                long cto = ctoAt < 0 ? 0 : signedCto ? entries[e + ctoAt] : Integer.toUnsignedLong(entries[e + ctoAt]);
                if (!SampleChecks.insideMdat(position, size, mdat)) {
                    throw SampleChecks.outsideMdat(i, trackId, position, size, mdat, SampleChecks.culprit(
                        (tfhdFlags & Tfhd.BASE_DATA_OFFSET_PRESENT) != 0, base, mdat, moof.tfhdOffset[t],
                        moof.runOffset[r]));
                }
                // Errors other than the range check are reported at the traf that declares the
                // sample: a claimed position may lie beyond the bytes received.
                SampleChecks.checkSampleSize(i, position, size, largestSample, trafOffset);
                if (track != null) {
                    long pts = SampleChecks.presentationTime(dts, cto, trafOffset);
                    long timestamp = track.timeline.toMicros(pts, ctx.offsetMicros, trafOffset);
                    batch.add(position, size, dts, duration, flags, cto, timestamp, SampleResolver.isSyncSample(flags));
                }
                dts = SampleChecks.nextDecodeTime(dts, duration, trafOffset);
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
