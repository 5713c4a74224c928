package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.netty.buffer.ByteBuf;

/**
 * The fields of an AV1 sequence header OBU (AV1 specification §5.5) that the codec string and the
 * {@code av1C} record need, read from a sample when the file's {@code av1C} holds no configuration
 * (libaom with ffmpeg's {@code empty_moov} writes an empty one).
 *
 * @param profile        seq_profile
 * @param level          seq_level_idx of operating point 0
 * @param highTier       seq_tier of operating point 0
 * @param highBitdepth   high_bitdepth
 * @param twelveBit      twelve_bit
 * @param monochrome     mono_chrome
 * @param subsamplingX   subsampling_x
 * @param subsamplingY   subsampling_y
 * @param chromaSamplePosition chroma_sample_position
 * @param colourPrimaries color_primaries (2 when not described)
 * @param transferCharacteristics transfer_characteristics
 * @param matrixCoefficients matrix_coefficients
 * @param fullRange      color_range
 * @param obu            the whole sequence header OBU as stored, for the {@code av1C} configOBUs
 */
record Av1SequenceHeader(int profile, int level, boolean highTier, boolean highBitdepth, boolean twelveBit,
                         boolean monochrome, boolean subsamplingX, boolean subsamplingY, int chromaSamplePosition,
                         int colourPrimaries, int transferCharacteristics, int matrixCoefficients, boolean fullRange,
                         byte[] obu) {

    private static final int OBU_SEQUENCE_HEADER = 1;

    /**
     * Finds and parses the first sequence header OBU of a sample.
     *
     * @param sample the sample's bytes (not consumed)
     * @param offset absolute offset of the sample, for errors
     * @return the header, or null when the sample has none
     */
    static Av1SequenceHeader find(ByteBuf sample, long offset) {
        int pos = sample.readerIndex();
        int end = sample.writerIndex();
        while (pos < end) {
            int start = pos;
            int header = sample.getUnsignedByte(pos++);
            int type = (header >>> 3) & 0xF;
            boolean extension = (header & 0x4) != 0;
            boolean hasSize = (header & 0x2) != 0;
            if (extension) {
                pos++;
            }
            long size;
            if (hasSize) {
                size = 0;
                for (int i = 0; ; i++) {
                    if (pos >= end || i == 8) {
                        throw new MoqMuxException(Kind.MALFORMED, offset + pos - sample.readerIndex(), "AV1 OBU size is truncated");
                    }
                    int b = sample.getUnsignedByte(pos++);
                    size |= (long) (b & 0x7F) << (7 * i);
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
            } else {
                size = end - pos;
            }
            if (size > end - pos) {
                throw new MoqMuxException(Kind.MALFORMED, offset + start - sample.readerIndex(),
                    "AV1 OBU of " + size + " bytes runs past its sample");
            }
            if (type == OBU_SEQUENCE_HEADER) {
                byte[] obu = new byte[(int) (pos + size - start)];
                sample.getBytes(start, obu);
                return parse(sample, pos, (int) size, obu, offset + start - sample.readerIndex());
            }
            pos += (int) size;
        }
        return null;
    }

    private static Av1SequenceHeader parse(ByteBuf buf, int from, int length, byte[] obu, long offset) {
        Bits b = new Bits(buf, from, length, offset);
        int profile = b.read(3);
        b.read(1); // still_picture
        boolean reduced = b.read(1) == 1;
        int level;
        boolean tier = false;
        if (reduced) {
            level = b.read(5);
        } else {
            boolean decoderModelInfo = false;
            int bufferDelayLength = 0;
            if (b.read(1) == 1) { // timing_info_present_flag
                b.read(32); // num_units_in_display_tick
                b.read(32); // time_scale
                if (b.read(1) == 1) { // equal_picture_interval
                    b.uvlc();
                }
                decoderModelInfo = b.read(1) == 1;
                if (decoderModelInfo) {
                    bufferDelayLength = b.read(5) + 1;
                    b.read(32); // num_units_in_decoding_tick
                    b.read(5); // buffer_removal_time_length_minus_1
                    b.read(5); // frame_presentation_time_length_minus_1
                }
            }
            boolean initialDisplayDelay = b.read(1) == 1;
            int operatingPoints = b.read(5) + 1;
            level = 0;
            for (int i = 0; i < operatingPoints; i++) {
                b.read(12); // operating_point_idc
                int seqLevel = b.read(5);
                boolean seqTier = seqLevel > 7 && b.read(1) == 1;
                if (i == 0) {
                    level = seqLevel;
                    tier = seqTier;
                }
                if (decoderModelInfo && b.read(1) == 1) {
                    b.read(bufferDelayLength); // decoder_buffer_delay
                    b.read(bufferDelayLength); // encoder_buffer_delay
                    b.read(1); // low_delay_mode_flag
                }
                if (initialDisplayDelay && b.read(1) == 1) {
                    b.read(4);
                }
            }
        }
        int widthBits = b.read(4) + 1;
        int heightBits = b.read(4) + 1;
        b.read(widthBits);
        b.read(heightBits);
        if (!reduced && b.read(1) == 1) { // frame_id_numbers_present_flag
            b.read(4);
            b.read(3);
        }
        b.read(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
        if (!reduced) {
            b.read(4); // interintra, masked compound, warped motion, dual filter
            boolean orderHint = b.read(1) == 1;
            if (orderHint) {
                b.read(2); // jnt_comp, ref_frame_mvs
            }
            int forceScreenContentTools = b.read(1) == 1 ? 2 : b.read(1); // seq_choose_screen_content_tools
            if (forceScreenContentTools > 0 && b.read(1) == 0) { // seq_choose_integer_mv
                b.read(1); // seq_force_integer_mv
            }
            if (orderHint) {
                b.read(3); // order_hint_bits_minus_1
            }
        }
        b.read(3); // enable_superres, enable_cdef, enable_restoration
        // color_config()
        boolean highBitdepth = b.read(1) == 1;
        boolean twelveBit = profile == 2 && highBitdepth && b.read(1) == 1;
        boolean mono = profile != 1 && b.read(1) == 1;
        int cp = 2;
        int tc = 2;
        int mc = 2;
        if (b.read(1) == 1) { // color_description_present_flag
            cp = b.read(8);
            tc = b.read(8);
            mc = b.read(8);
        }
        boolean fullRange;
        boolean ssx;
        boolean ssy;
        int chromaPosition = 0;
        if (mono) {
            fullRange = b.read(1) == 1;
            ssx = true;
            ssy = true;
        } else if (cp == 1 && tc == 13 && mc == 0) { // sRGB
            fullRange = true;
            ssx = false;
            ssy = false;
        } else {
            fullRange = b.read(1) == 1;
            if (profile == 0) {
                ssx = true;
                ssy = true;
            } else if (profile == 1) {
                ssx = false;
                ssy = false;
            } else if (twelveBit) {
                ssx = b.read(1) == 1;
                ssy = ssx && b.read(1) == 1;
            } else {
                ssx = true;
                ssy = false;
            }
            if (ssx && ssy) {
                chromaPosition = b.read(2);
            }
        }
        return new Av1SequenceHeader(profile, level, tier, highBitdepth, twelveBit, mono, ssx, ssy, chromaPosition,
            cp, tc, mc, fullRange, obu);
    }

    /** The four bytes of an AV1CodecConfigurationRecord before its configOBUs (AV1-ISOBMFF §2.3.3). */
    byte[] av1cPayload() {
        byte[] out = new byte[4 + obu.length];
        out[0] = (byte) 0x81; // marker, version 1
        out[1] = (byte) ((profile << 5) | level);
        out[2] = (byte) ((highTier ? 0x80 : 0) | (highBitdepth ? 0x40 : 0) | (twelveBit ? 0x20 : 0)
            | (monochrome ? 0x10 : 0) | (subsamplingX ? 0x08 : 0) | (subsamplingY ? 0x04 : 0) | chromaSamplePosition);
        out[3] = 0; // no initial presentation delay
        System.arraycopy(obu, 0, out, 4, obu.length);
        return out;
    }

    /** MSB-first bit reader bounded by the OBU payload. */
    private static final class Bits {
        private final ByteBuf buf;
        private final int from;
        private final int length;
        private final long offset;
        private long bit;

        Bits(ByteBuf buf, int from, int length, long offset) {
            this.buf = buf;
            this.from = from;
            this.length = length;
            this.offset = offset;
        }

        int read(int n) {
            long value = 0;
            for (int i = 0; i < n; i++, bit++) {
                if (bit >= length * 8L) {
                    throw new MoqMuxException(Kind.MALFORMED, offset, "AV1 sequence header OBU is truncated");
                }
                value = (value << 1) | ((buf.getUnsignedByte(from + (int) (bit >>> 3)) >>> (7 - (bit & 7))) & 1);
            }
            return (int) value;
        }

        void uvlc() {
            int zeros = 0;
            while (read(1) == 0) {
                if (++zeros >= 32) {
                    throw new MoqMuxException(Kind.MALFORMED, offset, "AV1 uvlc() value is too long");
                }
            }
            read(zeros);
        }
    }
}
