package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;

/**
 * The hostile-input checks on the values a {@code moof} declares for its samples (issue 12,
 * defects 8 and 10), in plain numbers so that any reader of a {@code moof} (the typed one in
 * {@link SampleResolver}, or a flat one) applies the same rules and reports the same offsets.
 * Every error names the box that declared the bad value, which always lies inside the input,
 * never a claimed sample position, which may not.
 */
final class SampleChecks {
    private SampleChecks() {
    }

    /**
     * @param moofSize the size of the moof
     * @param mdat     the mdat that holds its samples
     * @return how many samples the fragment may declare in all: one per byte of {@code moof}
     *     and {@code mdat}, unbounded for an mdat that runs to the end of the stream (there is one
     *     such fragment at most, and {@link Fmp4Config#maxSamplesPerFragment()} still bounds it)
     */
    static long maxSamples(long moofSize, MdatHeader mdat) {
        // A declared size near 2^63 saturates: its bytes must still arrive before the next moof.
        return mdat.extendsToEnd() || mdat.size() > Long.MAX_VALUE - moofSize ? Long.MAX_VALUE : moofSize + mdat.size();
    }

    /**
     * Work must be bounded by the input: a run without per-sample fields whose samples have size 0
     * (a tfhd or trex default) costs no bytes per sample, so a fragment of 100 bytes could make
     * 100 000 frames. Every real sample costs at least a byte of trun entry or of mdat, so a
     * fragment may not declare more samples than it has bytes; the odd empty sample still passes.
     *
     * @param declared   samples declared by the fragment's runs up to and including this one
     * @param maxSamples {@link #maxSamples(long, MdatHeader)} of the fragment
     * @param trunOffset the offset of the run that passes the bound
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} at {@code trunOffset}
     */
    static void checkSampleCount(long declared, long maxSamples, long trunOffset) {
        if (declared > maxSamples) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, trunOffset, "the fragment declares " + declared
                + "+ samples in only " + maxSamples + " bytes of moof and mdat; a fragment may not declare"
                + " more samples than it has bytes");
        }
    }

    /**
     * @param explicitBase whether the tfhd declares a base_data_offset
     * @param base         the base data offset in use
     * @param mdat         the mdat that should hold the samples
     * @param tfhdOffset   the offset of the tfhd
     * @param trunOffset   the offset of the trun that places the sample
     * @return the offset of the box to blame for a sample outside its mdat: the tfhd when its
     *     explicit base_data_offset already lies past the mdat (no run can bring it back), else
     *     the trun, whose data_offset and sizes place the sample
     */
    static long culprit(boolean explicitBase, long base, MdatHeader mdat, long tfhdOffset, long trunOffset) {
        return explicitBase && base > SampleResolver.endOf(mdat) ? tfhdOffset : trunOffset;
    }

    /**
     * @param position claimed absolute position of the sample (may lie anywhere, even below 0)
     * @param size     its size
     * @param mdat     the mdat that should hold it
     * @return whether the sample lies inside the mdat's payload
     */
    static boolean insideMdat(long position, long size, MdatHeader mdat) {
        return position >= mdat.payloadOffset() && size <= SampleResolver.endOf(mdat) - position;
    }

    /**
     * @param sample   index of the sample in its run
     * @param trackId  its track
     * @param position claimed absolute position of the sample
     * @param size     its size
     * @param mdat     the mdat that should hold it
     * @param culprit  where to report it, see {@link #culprit}
     * @return the {@code SAMPLE_OUT_OF_RANGE} error, at {@code culprit}
     */
    static MoqMuxException outsideMdat(int sample, long trackId, long position, long size, MdatHeader mdat,
                                       long culprit) {
        return new MoqMuxException(Kind.SAMPLE_OUT_OF_RANGE, culprit, "sample " + sample + " of track " + trackId
            + " spans bytes [" + position + ", " + (position + size) + ") outside the mdat payload ["
            + mdat.payloadOffset() + ", " + (mdat.extendsToEnd() ? "end of stream" : Long.toString(mdat.end())) + ")");
    }

    /**
     * Refuses a sample larger than the importer will buffer, at the box that declares it (a traf
     * or the sample tables: a claimed position may lie beyond the bytes received).
     *
     * @param sample        the sample's number as reported (index in its run, or its 1-based number
     *                      in the sample tables)
     * @param position      its position
     * @param size          its size
     * @param largestSample {@link ImportContext#largestBufferedSample()}
     * @param trafOffset    the offset of the box that declares it
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} at {@code trafOffset}
     */
    static void checkSampleSize(long sample, long position, long size, long largestSample, long trafOffset) {
        if (size > largestSample) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, trafOffset, "sample " + sample + " at byte " + position
                + " of " + size + " bytes exceeds the limit of " + largestSample + " bytes (Fmp4Config.maxBoxSize)");
        }
    }

    /**
     * @return {@code dts + cto}, the sample's presentation time in track ticks
     * @throws MoqMuxException {@code BAD_TIMESTAMP} at {@code trafOffset} when it overflows
     */
    static long presentationTime(long dts, long cto, long trafOffset) {
        try {
            return Math.addExact(dts, cto);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, trafOffset, "presentation time overflows");
        }
    }

    /**
     * @return {@code dts + duration}, the next sample's decode time
     * @throws MoqMuxException {@code BAD_TIMESTAMP} at {@code trafOffset} when it overflows
     */
    static long nextDecodeTime(long dts, long duration, long trafOffset) {
        try {
            return Math.addExact(dts, duration);
        } catch (ArithmeticException e) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, trafOffset, "decode time overflows");
        }
    }
}
