package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Writes the boxes of per-track CMAF output: the init segment of one track and the header of one
 * fragment ({@code moof} + {@code mdat} header) whose sample data the caller appends.
 */
public final class BoxWriter {
    private static final long U32_MAX = 0xFFFFFFFFL;
    /** moof header, mfhd, traf header, tfhd (flags only), tfdt v1, trun header with data_offset. */
    private static final int MOOF_FIXED = 8 + 16 + 8 + 16 + 20 + 20;
    private static final int TRUN_ENTRY = 16;
    private static final int TRUN_FLAGS = Trun.DATA_OFFSET_PRESENT | Trun.SAMPLE_DURATION_PRESENT
            | Trun.SAMPLE_SIZE_PRESENT | Trun.SAMPLE_FLAGS_PRESENT | Trun.SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT;
    /** Keeps the moof small enough that data_offset (signed 32 bits) can point past it. */
    private static final int MAX_SAMPLES = (Integer.MAX_VALUE - MOOF_FIXED - 16) / TRUN_ENTRY;

    private BoxWriter() {
    }

    /**
     * Writes the init segment of one track: {@code ftyp} + {@code moov} holding the movie header,
     * the track without its edit list and an {@code mvex} with the track's {@code trex}.
     *
     * @param ftyp the file type to write: its raw bytes when it was stored as {@code ftyp}, its
     *             brands under an {@code ftyp} header when it was an {@code styp}; {@code null}
     *             writes major brand {@code iso6}, minor version 0, compatible brands
     *             {@code iso6 cmfc mp41}
     * @param mvhd the movie header, written as stored
     * @param trak the track, written as {@link Trak#initSegmentTrak()}
     * @param trex the track's fragment defaults; {@code null} writes one with the track's id,
     *             default_sample_description_index 1 and zeros
     * @return the init segment bytes
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} if the segment would exceed 2 GiB
     */
    public static byte[] initSegment(Ftyp ftyp, Mvhd mvhd, Trak trak, Trex trex) {
        Objects.requireNonNull(mvhd, "mvhd");
        Objects.requireNonNull(trak, "trak");
        if (trex == null) {
            trex = new Trex(trak.trackId(), 1, 0, 0, 0);
        }
        long ftypSize = ftyp == null ? 8 + 8 + 12 : ftyp.isStyp() ? 16 + 4L * ftyp.compatibleBrands().size()
                : ftyp.raw().length;
        long mvexSize = 8 + 32;
        long moovSize = 8 + (long) mvhd.raw().length + trak.initSegmentTrak().length + mvexSize;
        long total = ftypSize + moovSize;
        if (total > Integer.MAX_VALUE - 8) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, "init segment of " + total + " bytes is too large");
        }
        byte[] out = new byte[(int) total];
        int p = 0;
        if (ftyp == null) {
            p = header(out, p, (int) ftypSize, FourCC.FTYP);
            p = int32(out, p, FourCC.of("iso6"));
            p = int32(out, p, 0);
            p = int32(out, p, FourCC.of("iso6"));
            p = int32(out, p, FourCC.of("cmfc"));
            p = int32(out, p, FourCC.of("mp41"));
        } else if (ftyp.isStyp()) {
            p = header(out, p, (int) ftypSize, FourCC.FTYP);
            p = int32(out, p, ftyp.majorBrand());
            p = int32(out, p, (int) ftyp.minorVersion());
            for (int brand : ftyp.compatibleBrands()) {
                p = int32(out, p, brand);
            }
        } else {
            p = bytes(out, p, ftyp.raw());
        }
        p = header(out, p, (int) moovSize, FourCC.MOOV);
        p = bytes(out, p, mvhd.raw());
        p = bytes(out, p, trak.initSegmentTrak());
        p = header(out, p, (int) mvexSize, FourCC.MVEX);
        p = header(out, p, 32, FourCC.TREX);
        p = int32(out, p, 0);
        p = int32(out, p, (int) trex.trackId());
        p = int32(out, p, (int) trex.defaultSampleDescriptionIndex());
        p = int32(out, p, (int) trex.defaultSampleDuration());
        p = int32(out, p, (int) trex.defaultSampleSize());
        int32(out, p, trex.defaultSampleFlags());
        return out;
    }

    private static int header(byte[] out, int p, int size, int type) {
        return int32(out, int32(out, p, size), type);
    }

    private static int int32(byte[] out, int p, int v) {
        out[p] = (byte) (v >>> 24);
        out[p + 1] = (byte) (v >>> 16);
        out[p + 2] = (byte) (v >>> 8);
        out[p + 3] = (byte) v;
        return p + 4;
    }

    private static int bytes(byte[] out, int p, byte[] b) {
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    /**
     * Writes the header of one single-track fragment: {@code moof} { {@code mfhd},
     * {@code traf} { {@code tfhd}, {@code tfdt}, {@code trun} } } followed by the header of the
     * {@code mdat} whose payload the caller writes next.
     *
     * <p>The {@code tfhd} carries only the track id and the default-base-is-moof flag, the
     * {@code tfdt} is version 1, and the {@code trun} lists duration, size, flags and composition
     * offset of every sample with a data offset pointing just past the {@code mdat} header. The
     * {@code trun} is version 1 when any composition offset is negative, else version 0. The
     * {@code mdat} header is 8 bytes, or 16 (64-bit size) when {@code payloadSize + 8} exceeds
     * 2^32-1.
     *
     * @param out                 receives exactly {@link #fragmentHeaderSize(int, long)} bytes
     * @param sequenceNumber      the {@code mfhd} sequence number, written modulo 2^32
     * @param trackId             the track id (unsigned 32 bits)
     * @param baseMediaDecodeTime decode time of the first sample in media timescale ticks
     * @param sampleCount         number of samples; the arrays may be longer
     * @param durations           sample durations (unsigned 32 bits)
     * @param sizes               sample sizes in bytes (unsigned 32 bits)
     * @param flags               sample flags
     * @param compositionOffsets  composition offsets, each within the unsigned 32-bit range when
     *                            all are non-negative, else within the signed 32-bit range
     * @param payloadSize         size of the {@code mdat} payload the caller writes next
     * @throws MoqMuxException {@code BAD_TIMESTAMP} for a negative decode time, a duration or
     *     composition offset that does not fit its field; {@code LIMIT_EXCEEDED} for too many
     *     samples or a sample size or payload size that does not fit
     * @throws IllegalArgumentException if an array is shorter than {@code sampleCount}, the count
     *     is negative or the track id does not fit 32 bits
     */
    public static void writeFragmentHeader(ByteBuf out, long sequenceNumber, long trackId, long baseMediaDecodeTime,
            int sampleCount, long[] durations, long[] sizes, int[] flags, long[] compositionOffsets,
            long payloadSize) {
        Objects.requireNonNull(out, "out");
        int headerSize = fragmentHeaderSize(sampleCount, payloadSize);
        if (durations.length < sampleCount || sizes.length < sampleCount || flags.length < sampleCount
                || compositionOffsets.length < sampleCount) {
            throw new IllegalArgumentException("sample arrays are shorter than sampleCount " + sampleCount);
        }
        if (trackId < 0 || trackId > U32_MAX) {
            throw new IllegalArgumentException("track id " + trackId + " does not fit 32 bits");
        }
        if (baseMediaDecodeTime < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, "negative base media decode time " + baseMediaDecodeTime);
        }
        boolean negative = false;
        for (int i = 0; i < sampleCount; i++) {
            if (compositionOffsets[i] < 0) {
                negative = true;
            }
            if (durations[i] < 0 || durations[i] > U32_MAX) {
                throw new MoqMuxException(Kind.BAD_TIMESTAMP, "sample duration " + durations[i]
                        + " does not fit 32 bits");
            }
            if (sizes[i] < 0 || sizes[i] > U32_MAX) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, "sample size " + sizes[i] + " does not fit 32 bits");
            }
        }
        for (int i = 0; i < sampleCount; i++) {
            long c = compositionOffsets[i];
            if (negative ? c < Integer.MIN_VALUE || c > Integer.MAX_VALUE : c > U32_MAX) {
                throw new MoqMuxException(Kind.BAD_TIMESTAMP, "composition offset " + c + " does not fit a "
                        + (negative ? "signed" : "unsigned") + " 32-bit field");
            }
        }
        boolean largeMdat = payloadSize + 8 > U32_MAX;
        int mdatHeader = largeMdat ? 16 : 8;
        int trunSize = 20 + TRUN_ENTRY * sampleCount;
        int trafSize = 8 + 16 + 20 + trunSize;
        int moofSize = 8 + 16 + trafSize;
        out.ensureWritable(headerSize);
        out.writeInt(moofSize).writeInt(FourCC.MOOF);
        out.writeInt(16).writeInt(FourCC.MFHD).writeInt(0).writeInt((int) sequenceNumber);
        out.writeInt(trafSize).writeInt(FourCC.TRAF);
        out.writeInt(16).writeInt(FourCC.TFHD).writeInt(Tfhd.DEFAULT_BASE_IS_MOOF).writeInt((int) trackId);
        out.writeInt(20).writeInt(FourCC.TFDT).writeInt(1 << 24).writeLong(baseMediaDecodeTime);
        out.writeInt(trunSize).writeInt(FourCC.TRUN).writeInt((negative ? 1 << 24 : 0) | TRUN_FLAGS)
                .writeInt(sampleCount).writeInt(moofSize + mdatHeader);
        for (int i = 0; i < sampleCount; i++) {
            out.writeInt((int) durations[i]).writeInt((int) sizes[i]).writeInt(flags[i])
                    .writeInt((int) compositionOffsets[i]);
        }
        if (largeMdat) {
            out.writeInt(1).writeInt(FourCC.MDAT).writeLong(payloadSize + 16);
        } else {
            out.writeInt((int) (payloadSize + 8)).writeInt(FourCC.MDAT);
        }
    }

    /**
     * Returns the exact number of bytes {@link #writeFragmentHeader} writes.
     *
     * @param sampleCount number of samples
     * @param payloadSize size of the {@code mdat} payload
     * @return moof size plus 8 or 16 bytes of mdat header
     * @throws MoqMuxException {@code LIMIT_EXCEEDED} if the sample count or payload size is too
     *     large for one fragment
     * @throws IllegalArgumentException if the sample count or payload size is negative
     */
    public static int fragmentHeaderSize(int sampleCount, long payloadSize) {
        if (sampleCount < 0 || payloadSize < 0) {
            throw new IllegalArgumentException("negative sample count or payload size");
        }
        if (sampleCount > MAX_SAMPLES) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, sampleCount + " samples are too many for one fragment");
        }
        if (payloadSize > Long.MAX_VALUE - 16) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, "mdat payload of " + payloadSize + " bytes is too large");
        }
        return MOOF_FIXED + TRUN_ENTRY * sampleCount + (payloadSize + 8 > U32_MAX ? 16 : 8);
    }

    /**
     * Returns a copy of a {@code trak} (as {@link Trak#initSegmentTrak()} holds it) whose
     * {@code av1C} box carries {@code payload}: used when the file's {@code av1C} was empty and the
     * configuration was read from the stream instead. Boxes on the path are re-sized; everything
     * else is copied unchanged.
     *
     * @param trak    a whole {@code trak} box
     * @param payload the new {@code av1C} payload (AV1CodecConfigurationRecord)
     * @return the new {@code trak} box
     */
    public static byte[] withAv1C(byte[] trak, byte[] payload) {
        return replaceAv1C(trak, 0, trak.length, payload);
    }

    private static byte[] replaceAv1C(byte[] bytes, int start, int end, byte[] payload) {
        int type = ((bytes[start + 4] & 0xFF) << 24) | ((bytes[start + 5] & 0xFF) << 16)
            | ((bytes[start + 6] & 0xFF) << 8) | (bytes[start + 7] & 0xFF);
        if (type == Av1C.TYPE) {
            return boxBytes(type, payload, 0, payload.length);
        }
        int childStart;
        if (type == FourCC.TRAK || type == FourCC.MDIA || type == FourCC.MINF || type == FourCC.STBL) {
            childStart = 8;
        } else if (type == FourCC.STSD) {
            childStart = 16; // version/flags and entry_count
        } else if (type == Av1C.AV01.type()) {
            childStart = 86; // the visual sample entry's fixed fields
        } else {
            return java.util.Arrays.copyOfRange(bytes, start, end);
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(bytes, start + 8, childStart - 8);
        int pos = start + childStart;
        while (pos + 8 <= end) {
            int size = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16) | ((bytes[pos + 2] & 0xFF) << 8)
                | (bytes[pos + 3] & 0xFF);
            if (size < 8 || pos + size > end) {
                break;
            }
            body.writeBytes(replaceAv1C(bytes, pos, pos + size, payload));
            pos += size;
        }
        body.write(bytes, pos, end - pos);
        byte[] content = body.toByteArray();
        return boxBytes(type, content, 0, content.length);
    }

    /** An 8-byte-header box around {@code payload}. */
    static byte[] box(int type, byte[] payload) {
        return boxBytes(type, payload, 0, payload.length);
    }

    private static byte[] boxBytes(int type, byte[] payload, int from, int length) {
        int size = 8 + length;
        byte[] out = new byte[size];
        out[0] = (byte) (size >>> 24);
        out[1] = (byte) (size >>> 16);
        out[2] = (byte) (size >>> 8);
        out[3] = (byte) size;
        out[4] = (byte) (type >>> 24);
        out[5] = (byte) (type >>> 16);
        out[6] = (byte) (type >>> 8);
        out[7] = (byte) type;
        System.arraycopy(payload, from, out, 8, length);
        return out;
    }
}
