package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;

/**
 * The sample tables of a {@code stbl} (ISO/IEC 14496-12 §8.6–8.7): where each sample described by
 * the {@code moov} itself lies, how long it is and when it is decoded and presented. Regular MP4
 * files describe every sample this way; fragmented files written without {@code empty_moov}
 * describe their first fragment this way.
 *
 * <p>The tables are kept as stored (run-length), so memory is bounded by the box sizes whatever
 * sample count they declare; {@link #cursor()} expands them one sample at a time. Arrays are
 * shared: callers must not modify them.
 *
 * @param sampleCount        samples described (from {@code stsz}/{@code stz2})
 * @param constantSize       the size of every sample, or 0 when {@code sizes} lists them
 * @param sizes              per-sample sizes (empty when {@code constantSize} is set)
 * @param sttsCounts         {@code stts} run lengths
 * @param sttsDeltas         {@code stts} sample durations, unsigned 32-bit
 * @param cttsCounts         {@code ctts} run lengths (empty without {@code ctts})
 * @param cttsOffsets        {@code ctts} composition offsets, read as signed 32-bit in both versions
 * @param cttsSigned         whether {@code ctts} is version 1 (informational)
 * @param stscFirstChunk     {@code stsc} first chunk (1-based) of each run
 * @param stscSamplesPerChunk {@code stsc} samples per chunk of each run
 * @param chunkOffsets       absolute file offset of each chunk ({@code stco}/{@code co64})
 * @param syncSamples        1-based sync sample numbers ({@code stss}), or null when every sample is a sync sample
 * @param offset             absolute offset of the {@code stbl}, for errors
 */
public record SampleTable(long sampleCount, long constantSize, int[] sizes, int[] sttsCounts, int[] sttsDeltas,
                          int[] cttsCounts, int[] cttsOffsets, boolean cttsSigned, int[] stscFirstChunk,
                          int[] stscSamplesPerChunk, long[] chunkOffsets, int[] syncSamples, long offset) {

    /**
     * A table describing no samples, as fragmented files with {@code empty_moov} carry.
     *
     * @param offset absolute offset of the {@code stbl}, for errors
     * @return the empty table
     */
    public static SampleTable empty(long offset) {
        return new SampleTable(0, 0, new int[0], new int[0], new int[0], new int[0], new int[0], false, new int[0],
            new int[0], new long[0], null, offset);
    }

    /**
     * Compares the tables by content (records compare arrays by identity otherwise). {@link #offset()}
     * only locates errors and is not part of the value.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SampleTable t && sampleCount == t.sampleCount && constantSize == t.constantSize
            && cttsSigned == t.cttsSigned && java.util.Arrays.equals(sizes, t.sizes)
            && java.util.Arrays.equals(sttsCounts, t.sttsCounts) && java.util.Arrays.equals(sttsDeltas, t.sttsDeltas)
            && java.util.Arrays.equals(cttsCounts, t.cttsCounts) && java.util.Arrays.equals(cttsOffsets, t.cttsOffsets)
            && java.util.Arrays.equals(stscFirstChunk, t.stscFirstChunk)
            && java.util.Arrays.equals(stscSamplesPerChunk, t.stscSamplesPerChunk)
            && java.util.Arrays.equals(chunkOffsets, t.chunkOffsets) && java.util.Arrays.equals(syncSamples, t.syncSamples);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sampleCount, constantSize, java.util.Arrays.hashCode(sizes),
            java.util.Arrays.hashCode(sttsDeltas), java.util.Arrays.hashCode(chunkOffsets));
    }

    @Override
    public String toString() {
        return "SampleTable[samples=" + sampleCount + ", chunks=" + chunkOffsets.length + ", sync="
            + (syncSamples == null ? "all" : syncSamples.length) + "]";
    }

    /** @return a cursor before the first sample */
    public Cursor cursor() {
        return new Cursor();
    }

    /**
     * Walks the samples in decode order. After {@link #next()} returns true the public fields
     * describe the current sample. Inconsistent tables (a sample in a chunk that does not exist,
     * durations for fewer samples than there are) fail with {@code MALFORMED} at the table's offset.
     */
    public final class Cursor {
        /** 0-based index of the current sample. */
        public long index = -1;
        /** Absolute file offset of the current sample. */
        public long position;
        /** Size in bytes. */
        public long size;
        /** Decode time in media ticks. */
        public long decodeTime;
        /** Duration in media ticks. */
        public long duration;
        /** Composition offset in media ticks (signed). */
        public long compositionOffset;
        /** Whether it is a sync sample. */
        public boolean sync;

        private long nextDecodeTime;
        private int sttsRun;
        private long sttsLeft = -1;
        private int cttsRun;
        private long cttsLeft = -1;
        private int stscRun;
        private long chunk = -1;
        private long samplesLeftInChunk;
        private long chunkPosition;
        private int syncIndex;

        private Cursor() {
        }

        /** @return whether there is a current sample */
        public boolean next() {
            if (index + 1 >= sampleCount) {
                return false;
            }
            index++;
            if (samplesLeftInChunk == 0) {
                nextChunk();
            } else {
                chunkPosition += size;
            }
            samplesLeftInChunk--;
            position = chunkPosition;
            size = constantSize != 0 ? constantSize : Integer.toUnsignedLong(sizes[(int) index]);
            decodeTime = nextDecodeTime;
            duration = nextDuration();
            nextDecodeTime += duration;
            compositionOffset = nextCompositionOffset();
            if (syncSamples == null) {
                sync = true;
            } else {
                while (syncIndex < syncSamples.length && Integer.toUnsignedLong(syncSamples[syncIndex]) < index + 1) {
                    syncIndex++;
                }
                sync = syncIndex < syncSamples.length && Integer.toUnsignedLong(syncSamples[syncIndex]) == index + 1;
            }
            return true;
        }

        private void nextChunk() {
            do {
                chunk++;
                if (chunk >= chunkOffsets.length) {
                    throw new MoqMuxException(Kind.MALFORMED, offset, "sample " + (index + 1)
                        + " lies beyond the last of " + chunkOffsets.length + " chunks (stsc/stco)");
                }
                while (stscRun + 1 < stscFirstChunk.length && stscFirstChunk[stscRun + 1] - 1L <= chunk) {
                    stscRun++;
                }
                if (stscFirstChunk.length == 0) {
                    throw new MoqMuxException(Kind.MALFORMED, offset, "samples but no stsc entries");
                }
                samplesLeftInChunk = Integer.toUnsignedLong(stscSamplesPerChunk[stscRun]);
            } while (samplesLeftInChunk == 0);
            chunkPosition = chunkOffsets[(int) chunk];
        }

        private long nextDuration() {
            // sttsLeft is -1 before the first run, 0 when the current run is used up.
            while (sttsLeft <= 0) {
                if (sttsLeft == 0) {
                    sttsRun++;
                }
                if (sttsRun >= sttsCounts.length) {
                    throw new MoqMuxException(Kind.MALFORMED, offset, "stts describes fewer than "
                        + sampleCount + " samples");
                }
                sttsLeft = Integer.toUnsignedLong(sttsCounts[sttsRun]);
            }
            sttsLeft--;
            return Integer.toUnsignedLong(sttsDeltas[sttsRun]);
        }

        private long nextCompositionOffset() {
            if (cttsCounts.length == 0) {
                return 0;
            }
            while (cttsLeft <= 0) {
                if (cttsLeft == 0) {
                    cttsRun++;
                }
                if (cttsRun >= cttsCounts.length) {
                    return 0; // ffmpeg and others may stop ctts early: the rest present at decode time
                }
                cttsLeft = Integer.toUnsignedLong(cttsCounts[cttsRun]);
            }
            cttsLeft--;
            // Read as signed in both versions: writers put negative offsets into version 0 too,
            // and no real offset reaches 2^31 ticks.
            return cttsOffsets[cttsRun];
        }
    }
}
