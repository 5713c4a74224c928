package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Tfhd;
import io.github.moqmux.mp4.Traf;
import io.github.moqmux.mp4.Trun;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code moof} as flat primitive arrays: per {@code traf} its {@code tfhd} and {@code tfdt}
 * values, per {@code trun} its header values, and the runs' per-sample entries packed as stored (the
 * fields the run's flags declare, in box order, 32 bits each). Filled by {@link FlatMoofReader}
 * straight from the box bytes, or from a typed {@link Moof} ({@link #fill(Moof)}, for the
 * differential test); reused from fragment to fragment, so reading a fragment allocates nothing
 * once the arrays have grown. Not thread-safe; owned by one importer.
 */
final class FlatMoof {
    /** Absolute stream offset of the moof's first byte. */
    long offset;
    /** Size of the whole box. */
    long size;
    /** mfhd sequence number, 0 without an mfhd. */
    long sequenceNumber;
    /** The typed moof when it was read by the typed parser, else null. */
    Moof typed;

    int trafCount;
    long[] trafOffset = new long[2];
    /** Offset of each traf's tfhd (the traf's own until the tfhd is read), for errors about its values. */
    long[] tfhdOffset = new long[2];
    long[] trackId = new long[2];
    int[] tfhdFlags = new int[2];
    long[] baseDataOffset = new long[2];
    long[] defaultDuration = new long[2];
    long[] defaultSize = new long[2];
    int[] defaultFlags = new int[2];
    boolean[] hasTfdt = new boolean[2];
    long[] baseDecodeTime = new long[2];
    /** Index of the traf's first run and number of its runs. */
    int[] firstRun = new int[2];
    int[] runCount = new int[2];

    int runTotal;
    int[] runVersion = new int[2];
    int[] runFlags = new int[2];
    int[] runSamples = new int[2];
    int[] runDataOffset = new int[2];
    int[] runFirstFlags = new int[2];
    /** Index of the run's first entry in {@link #entries}. */
    int[] runEntries = new int[2];
    /** Offset of each run's trun box, for errors about the values it declares. */
    long[] runOffset = new long[2];

    int entryCount;
    int[] entries = new int[64];

    /** @return the absolute stream offset of the moof */
    long offset() {
        return offset;
    }

    void clear(long moofOffset) {
        offset = moofOffset;
        size = 0;
        sequenceNumber = 0;
        typed = null;
        trafCount = 0;
        runTotal = 0;
        entryCount = 0;
    }

    /** Adds a traf (its tfhd values follow through the returned index). */
    int addTraf(long at) {
        if (trafCount == trafOffset.length) {
            int n = trafCount * 2;
            trafOffset = Arrays.copyOf(trafOffset, n);
            tfhdOffset = Arrays.copyOf(tfhdOffset, n);
            trackId = Arrays.copyOf(trackId, n);
            tfhdFlags = Arrays.copyOf(tfhdFlags, n);
            baseDataOffset = Arrays.copyOf(baseDataOffset, n);
            defaultDuration = Arrays.copyOf(defaultDuration, n);
            defaultSize = Arrays.copyOf(defaultSize, n);
            defaultFlags = Arrays.copyOf(defaultFlags, n);
            hasTfdt = Arrays.copyOf(hasTfdt, n);
            baseDecodeTime = Arrays.copyOf(baseDecodeTime, n);
            firstRun = Arrays.copyOf(firstRun, n);
            runCount = Arrays.copyOf(runCount, n);
        }
        int t = trafCount++;
        trafOffset[t] = at;
        tfhdOffset[t] = at;
        trackId[t] = 0;
        tfhdFlags[t] = 0;
        baseDataOffset[t] = 0;
        defaultDuration[t] = 0;
        defaultSize[t] = 0;
        defaultFlags[t] = 0;
        hasTfdt[t] = false;
        baseDecodeTime[t] = 0;
        firstRun[t] = runTotal;
        runCount[t] = 0;
        return t;
    }

    /** Adds a run to the last traf; its {@code n} entries are then written at {@link #reserve}'s index. */
    void addRun(int version, int flags, int samples, int dataOffset, int firstFlags) {
        if (runTotal == runFlags.length) {
            int n = runTotal * 2;
            runVersion = Arrays.copyOf(runVersion, n);
            runFlags = Arrays.copyOf(runFlags, n);
            runSamples = Arrays.copyOf(runSamples, n);
            runDataOffset = Arrays.copyOf(runDataOffset, n);
            runFirstFlags = Arrays.copyOf(runFirstFlags, n);
            runEntries = Arrays.copyOf(runEntries, n);
            runOffset = Arrays.copyOf(runOffset, n);
        }
        int r = runTotal++;
        runVersion[r] = version;
        runFlags[r] = flags;
        runSamples[r] = samples;
        runDataOffset[r] = (flags & Trun.DATA_OFFSET_PRESENT) != 0 ? dataOffset : 0;
        runFirstFlags[r] = (flags & Trun.FIRST_SAMPLE_FLAGS_PRESENT) != 0 ? firstFlags : 0;
        runEntries[r] = entryCount;
        runOffset[r] = offset; // the reader sets the trun's own offset right after
        runCount[trafCount - 1]++;
    }

    /** Makes room for {@code n} more entries and returns the index of the first. */
    int reserve(int n) {
        int at = entryCount;
        if (entries.length - at < n) {
            entries = Arrays.copyOf(entries, Math.max(at + n, entries.length * 2));
        }
        entryCount = at + n;
        return at;
    }

    /** @return the number of 32-bit entries per sample of a run with these flags */
    static int stride(int flags) {
        return Integer.bitCount(flags & (Trun.SAMPLE_DURATION_PRESENT | Trun.SAMPLE_SIZE_PRESENT
            | Trun.SAMPLE_FLAGS_PRESENT | Trun.SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT));
    }

    /**
     * Refills this from a typed moof, which is kept in {@link #typed}: the importer then resolves
     * samples from the typed boxes, as before the flat reader existed.
     *
     * @return this
     */
    FlatMoof fill(Moof moof) {
        clear(moof.offset());
        size = moof.size();
        sequenceNumber = moof.sequenceNumber();
        List<Traf> trafs = moof.trafs();
        for (int t = 0; t < trafs.size(); t++) {
            Traf traf = trafs.get(t);
            Tfhd tfhd = traf.tfhd();
            int i = addTraf(traf.offset());
            trackId[i] = tfhd.trackId();
            tfhdFlags[i] = tfhd.flags();
            baseDataOffset[i] = tfhd.baseDataOffset();
            defaultDuration[i] = tfhd.defaultSampleDuration();
            defaultSize[i] = tfhd.defaultSampleSize();
            defaultFlags[i] = tfhd.defaultSampleFlags();
            hasTfdt[i] = traf.tfdt() != null;
            baseDecodeTime[i] = traf.tfdt() != null ? traf.tfdt().baseMediaDecodeTime() : 0;
            for (Trun trun : traf.truns()) {
                int n = trun.sampleCount();
                addRun(trun.version(), trun.flags(), n, trun.dataOffset(), trun.firstSampleFlags());
                int at = reserve(n * stride(trun.flags()));
                for (int s = 0; s < n; s++) {
                    if (trun.hasSampleDurations()) {
                        entries[at++] = (int) trun.duration(s);
                    }
                    if (trun.hasSampleSizes()) {
                        entries[at++] = (int) trun.size(s);
                    }
                    if (trun.hasSampleFlags()) {
                        entries[at++] = trun.flags(s);
                    }
                    if (trun.hasCompositionOffsets()) {
                        entries[at++] = (int) trun.compositionOffset(s);
                    }
                }
            }
        }
        typed = moof;
        return this;
    }

    /** @return whether the tfhd of traf {@code t} carries a base data offset */
    boolean hasBaseDataOffset(int t) {
        return (tfhdFlags[t] & Tfhd.BASE_DATA_OFFSET_PRESENT) != 0;
    }
}
