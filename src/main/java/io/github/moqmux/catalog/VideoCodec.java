package io.github.moqmux.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * A video codec with the parameters that make up its WebCodecs codec string. Its {@code toString()}
 * returns that string and {@link #parse(String)} reads it back:
 * {@code VideoCodec.parse(c.toString()).equals(c)} holds for every value.
 *
 * <pre>{@code
 * VideoCodec codec = VideoCodec.parse("avc1.64001f");
 * if (codec instanceof VideoCodec.H264 h264) {
 *     int level = h264.level();                   // 0x1f: level 3.1
 * }
 * String text = new VideoCodec.H264(false, 0x64, 0, 0x1f).toString();   // "avc1.64001f"
 * }</pre>
 *
 * <h2>Compatibility with mp4box.js</h2>
 * The strings are meant to equal what GPAC's mp4box.js ({@code getCodec()} of the sample entry,
 * {@code src/boxes/sampleentries/sampleentry.ts}, formerly {@code src/box-codecs.js}) reports for
 * the same file. What was checked there, and where this class deliberately differs:
 * <ul>
 *   <li>{@code avc1}/{@code avc3}: two lowercase hex digits each for profile, constraint flags and
 *       level ({@code decimalToHex(x)} pads to 2) — identical.</li>
 *   <li>{@code hvc1}/{@code hev1}: <b>lowercase</b> hex ({@code Number.toString(16)}) for the
 *       bit-reversed compatibility flags, without leading zeros, and for each constraint byte
 *       <b>without zero padding</b> ({@code decimalToHex(b, 0)}: {@code 0x0b} is {@code "b"});
 *       trailing zero bytes are omitted, and when all six are zero there is no constraint field at
 *       all — identical. (GPAC's C MP4Box and the Rust {@code hang} crate print uppercase, e.g.
 *       {@code B0}, as do the examples of ISO/IEC 14496-15 Annex E; browsers parse hex in either
 *       case.) One difference: mp4box.js reverses the flags in a signed 32-bit JavaScript integer,
 *       so when general_profile_compatibility_flag[31] is set it prints a negative number; this
 *       class prints the unsigned value.</li>
 *   <li>{@code vp09}: mp4box.js prints only the short form {@code vp09.PP.LL.DD}. This class
 *       appends the long form when chroma subsampling, colour or range differ from the defaults of
 *       the VP codec ISO-BMFF binding, as the project's design requires; {@link Vp9#shortForm()}
 *       gives the mp4box.js string.</li>
 *   <li>{@code av01}: likewise, mp4box.js prints only {@code av01.P.LLT.DD}; the long form of
 *       AV1-ISOBMFF §5 is appended when it carries information; {@link Av1#shortForm()} gives the
 *       mp4box.js string.</li>
 *   <li>{@code vp08}: mp4box.js reports {@code vp08.PP.LL.DD} from {@code vpcC}; WebCodecs
 *       registers only {@code "vp8"}, which is what a decoder accepts, so that is used.</li>
 * </ul>
 *
 * <p>Sealed without a permits clause: the compiler permits exactly the records nested here, so
 * there is no list to keep. {@link #parse(String)} names each family: the catalog reads codec strings
 * from the wire without the importer, so it must know every codec it accepts.
 */
public sealed interface VideoCodec {

    /**
     * Parses a codec string.
     *
     * @param codec e.g. {@code "avc1.64001f"}, {@code "hvc1.1.6.L93.b0"}, {@code "vp8"},
     *              {@code "vp09.00.10.08"}, {@code "av01.0.04M.08"}; hex digits may be in either case
     * @return the codec
     * @throws io.github.moqmux.MoqMuxException of kind {@code UNSUPPORTED} for a codec family this
     *     library does not know, {@code MALFORMED} for a known family with bad parameters
     */
    static VideoCodec parse(String codec) {
        Objects.requireNonNull(codec, "codec");
        int dot = codec.indexOf('.');
        String family = dot < 0 ? codec : codec.substring(0, dot);
        switch (family) {
            case "avc1":
            case "avc3":
                return H264.parseString(codec);
            case "hvc1":
            case "hev1":
                return H265.parseString(codec);
            case "vp8":
                if (dot >= 0) {
                    throw CodecFields.split(codec).malformed("vp8 takes no parameters");
                }
                return new Vp8();
            case "vp09":
                return Vp9.parseString(codec);
            case "av01":
                return Av1.parseString(codec);
            default:
                throw CodecFields.unsupported(codec, "video");
        }
    }

    /**
     * H.264 / AVC, from the {@code avcC} box: {@code avc1.PPCCLL} (or {@code avc3} when parameter
     * sets travel in band), three lowercase two-digit hex bytes as in RFC 6381 §3.3.
     *
     * @param avc3        whether the sample entry is {@code avc3} (parameter sets in band)
     * @param profile     AVCProfileIndication, 0–255
     * @param constraints profile_compatibility (the constraint_set flags byte), 0–255
     * @param level       AVCLevelIndication, 0–255
     */
    record H264(boolean avc3, int profile, int constraints, int level) implements VideoCodec {
        /**
         * Checks that each field fits in a byte.
         *
         * @param avc3        whether the sample entry is {@code avc3}
         * @param profile     AVCProfileIndication
         * @param constraints the constraint flags byte
         * @param level       AVCLevelIndication
         */
        public H264 {
            CodecFields.checkRange(profile, 0, 255, "profile");
            CodecFields.checkRange(constraints, 0, 255, "constraints");
            CodecFields.checkRange(level, 0, 255, "level");
        }

        private static H264 parseString(String codec) {
            CodecFields f = CodecFields.split(codec);
            f.requireCount(2, 2);
            long v = f.hex(f.get(1), 6, 6, "profile/constraints/level");
            return new H264(f.get(0).equals("avc3"), (int) (v >> 16), (int) (v >> 8) & 0xff, (int) v & 0xff);
        }

        /** @return the codec string, e.g. {@code "avc1.64001f"} */
        @Override
        public String toString() {
            return (avc3 ? "avc3." : "avc1.") + hex2(profile) + hex2(constraints) + hex2(level);
        }

        private static String hex2(int b) {
            return (b < 0x10 ? "0" : "") + Integer.toHexString(b);
        }
    }

    /**
     * H.265 / HEVC, from the {@code hvcC} box, formatted per ISO/IEC 14496-15 Annex E:
     * {@code hvc1.[A|B|C]<profile_idc>.<compat>.<L|H><level_idc>[.<constraint byte>]…}. See the
     * interface documentation for the exact hex formatting (that of mp4box.js).
     *
     * <p>Example: Main profile, compatibility flags {@code 0x60000000}, Main tier level 3.1,
     * constraint bytes {@code b0 00 00 00 00 00} give {@code "hvc1.1.6.L93.b0"}.
     *
     * @param hev1               whether the sample entry is {@code hev1} (parameter sets in band)
     * @param profileSpace       general_profile_space, 0–3 (printed as nothing, A, B, C)
     * @param profileIdc         general_profile_idc, 0–31
     * @param compatibilityFlags the 32 general_profile_compatibility_flags as stored in
     *                           {@code hvcC} (flag 0 in the most significant bit), 0–0xFFFFFFFF;
     *                           the string carries them bit-reversed
     * @param highTier           general_tier_flag
     * @param levelIdc           general_level_idc, 0–255
     * @param constraintFlags    the 6 bytes of general_constraint_indicator_flags, as stored in
     *                           {@code hvcC}; copied on the way in and out
     */
    record H265(boolean hev1, int profileSpace, int profileIdc, long compatibilityFlags, boolean highTier,
                int levelIdc, byte[] constraintFlags) implements VideoCodec {
        /**
         * Checks ranges and copies the constraint bytes.
         *
         * @param hev1               whether the sample entry is {@code hev1}
         * @param profileSpace       0–3
         * @param profileIdc         0–31
         * @param compatibilityFlags the 32 flags as stored in {@code hvcC}
         * @param highTier           general_tier_flag
         * @param levelIdc           0–255
         * @param constraintFlags    6 bytes
         */
        public H265 {
            CodecFields.checkRange(profileSpace, 0, 3, "profileSpace");
            CodecFields.checkRange(profileIdc, 0, 31, "profileIdc");
            if (compatibilityFlags < 0 || compatibilityFlags > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("compatibilityFlags must fit in 32 bits, was " + compatibilityFlags);
            }
            CodecFields.checkRange(levelIdc, 0, 255, "levelIdc");
            Objects.requireNonNull(constraintFlags, "constraintFlags");
            if (constraintFlags.length != 6) {
                throw new IllegalArgumentException("constraintFlags must be 6 bytes, was " + constraintFlags.length);
            }
            constraintFlags = constraintFlags.clone();
        }

        /** @return a copy of the 6 constraint bytes */
        @Override
        public byte[] constraintFlags() {
            return constraintFlags.clone();
        }

        private static H265 parseString(String codec) {
            CodecFields f = CodecFields.split(codec);
            f.requireCount(4, 10);
            String profile = f.get(1);
            int space = 0;
            if (!profile.isEmpty() && profile.charAt(0) >= 'A' && profile.charAt(0) <= 'C') {
                space = profile.charAt(0) - 'A' + 1;
                profile = profile.substring(1);
            }
            int idc = f.dec(profile, 1, 2, 31, "profile_idc");
            long reversed = f.hex(f.get(2), 1, 8, "compatibility flags");
            long compat = Integer.reverse((int) reversed) & 0xFFFF_FFFFL;
            String tierLevel = f.get(3);
            if (tierLevel.isEmpty() || (tierLevel.charAt(0) != 'L' && tierLevel.charAt(0) != 'H')) {
                throw f.malformed("tier must be L or H, was \"" + tierLevel + "\"");
            }
            int level = f.dec(tierLevel.substring(1), 1, 3, 255, "level_idc");
            byte[] constraints = new byte[6];
            for (int i = 4; i < f.count(); i++) {
                constraints[i - 4] = (byte) f.hex(f.get(i), 1, 2, "constraint byte " + (i - 4));
            }
            return new H265(f.get(0).equals("hev1"), space, idc, compat, tierLevel.charAt(0) == 'H', level, constraints);
        }

        /** @return the codec string, e.g. {@code "hvc1.1.6.L93.b0"} */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(hev1 ? "hev1." : "hvc1.");
            if (profileSpace > 0) {
                sb.append((char) ('A' + profileSpace - 1));
            }
            sb.append(profileIdc).append('.');
            sb.append(Long.toHexString(Integer.reverse((int) compatibilityFlags) & 0xFFFF_FFFFL));
            sb.append('.').append(highTier ? 'H' : 'L').append(levelIdc);
            int last = constraintFlags.length - 1;
            while (last >= 0 && constraintFlags[last] == 0) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                sb.append('.').append(Integer.toHexString(constraintFlags[i] & 0xff));
            }
            return sb.toString();
        }

        /** Compares the constraint bytes by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof H265 h
                    && hev1 == h.hev1 && profileSpace == h.profileSpace && profileIdc == h.profileIdc
                    && compatibilityFlags == h.compatibilityFlags && highTier == h.highTier
                    && levelIdc == h.levelIdc && Arrays.equals(constraintFlags, h.constraintFlags);
        }

        /** Hashes the constraint bytes by content. */
        @Override
        public int hashCode() {
            return Objects.hash(hev1, profileSpace, profileIdc, compatibilityFlags, highTier, levelIdc)
                    * 31 + Arrays.hashCode(constraintFlags);
        }
    }

    /** VP8: the codec string is just {@code "vp8"} (WebCodecs codec registry). */
    record Vp8() implements VideoCodec {
        /** @return {@code "vp8"} */
        @Override
        public String toString() {
            return "vp8";
        }
    }

    /**
     * VP9, from the {@code vpcC} box, formatted per the "Codecs Parameter String" section of the VP
     * codec ISO media file format binding: {@code vp09.PP.LL.DD}, all two-digit decimal, followed by
     * {@code .CC.cp.tc.mc.FF} (all five or none) when any of them differs from its default
     * (chroma 1 = 4:2:0 colocated, colour primaries / transfer / matrix 1 = BT.709, range 0 =
     * limited), e.g. {@code "vp09.02.10.10.01.09.16.09.01"}.
     *
     * @param profile                 0–3
     * @param level                   level × 10 as in {@code vpcC}, e.g. 10 for 1.0, 31 for 3.1; 0–99
     * @param bitDepth                8, 10 or 12
     * @param chromaSubsampling       0–3 (0 = 4:2:0 vertical, 1 = 4:2:0 colocated, 2 = 4:2:2, 3 = 4:4:4)
     * @param colourPrimaries         ISO/IEC 23091-4 value, 0–255
     * @param transferCharacteristics ISO/IEC 23091-4 value, 0–255
     * @param matrixCoefficients      ISO/IEC 23091-4 value, 0–255
     * @param fullRange               videoFullRangeFlag
     */
    record Vp9(int profile, int level, int bitDepth, int chromaSubsampling, int colourPrimaries,
               int transferCharacteristics, int matrixCoefficients, boolean fullRange) implements VideoCodec {
        /**
         * Checks ranges.
         *
         * @param profile                 0–3
         * @param level                   level × 10, 0–99
         * @param bitDepth                8, 10 or 12
         * @param chromaSubsampling       0–3
         * @param colourPrimaries         0–255
         * @param transferCharacteristics 0–255
         * @param matrixCoefficients      0–255
         * @param fullRange               videoFullRangeFlag
         */
        public Vp9 {
            CodecFields.checkRange(profile, 0, 3, "profile");
            CodecFields.checkRange(level, 0, 99, "level");
            checkBitDepth(bitDepth);
            CodecFields.checkRange(chromaSubsampling, 0, 3, "chromaSubsampling");
            checkColour(colourPrimaries, transferCharacteristics, matrixCoefficients);
        }

        /**
         * A VP9 codec with the default chroma subsampling, colour and range.
         *
         * @param profile  0–3
         * @param level    level × 10, 0–99
         * @param bitDepth 8, 10 or 12
         */
        public Vp9(int profile, int level, int bitDepth) {
            this(profile, level, bitDepth, 1, 1, 1, 1, false);
        }

        private static Vp9 parseString(String codec) {
            CodecFields f = CodecFields.split(codec);
            if (f.count() != 4 && f.count() != 9) {
                throw f.malformed("expected 4 or 9 dot-separated fields, found " + f.count());
            }
            int profile = f.dec(f.get(1), 2, 2, 3, "profile");
            int level = f.dec(f.get(2), 2, 2, 99, "level");
            int depth = parseBitDepth(f, f.get(3));
            if (f.count() == 4) {
                return new Vp9(profile, level, depth);
            }
            return new Vp9(profile, level, depth,
                    f.dec(f.get(4), 2, 2, 3, "chroma subsampling"),
                    f.dec(f.get(5), 2, 3, 255, "colour primaries"),
                    f.dec(f.get(6), 2, 3, 255, "transfer characteristics"),
                    f.dec(f.get(7), 2, 3, 255, "matrix coefficients"),
                    f.dec(f.get(8), 2, 2, 1, "full range flag") == 1);
        }

        /** @return whether the long form is needed to carry chroma, colour or range */
        private boolean hasNonDefaults() {
            return chromaSubsampling != 1 || colourPrimaries != 1 || transferCharacteristics != 1
                    || matrixCoefficients != 1 || fullRange;
        }

        /**
         * @return {@code vp09.PP.LL.DD} without the optional fields: the string mp4box.js reports
         */
        public String shortForm() {
            return "vp09." + CodecFields.twoDigits(profile) + "." + CodecFields.twoDigits(level) + "."
                    + CodecFields.twoDigits(bitDepth);
        }

        /** @return the codec string, short form when the optional fields are all default */
        @Override
        public String toString() {
            if (!hasNonDefaults()) {
                return shortForm();
            }
            return shortForm() + "." + CodecFields.twoDigits(chromaSubsampling) + "."
                    + colour(colourPrimaries, transferCharacteristics, matrixCoefficients) + "."
                    + (fullRange ? "01" : "00");
        }
    }

    /**
     * AV1, from the {@code av1C} box (and {@code colr} for colour), formatted per AV1-ISOBMFF §5
     * "Codecs Parameter String": {@code av01.P.LLT.DD} (profile one digit, level two digits, tier
     * {@code M}/{@code H}, bit depth two digits), followed by {@code .M.XYZ.cp.tc.mc.F} (all or none)
     * when any of them differs from its default (monochrome 0, subsampling 110, BT.709 colour 1/1/1,
     * range 0), e.g. {@code "av01.0.04M.10.0.112.09.16.09.0"}.
     *
     * @param profile                 seq_profile, 0–7 (0–2 are defined)
     * @param level                   seq_level_idx_0, 0–31
     * @param highTier                seq_tier_0
     * @param bitDepth                8, 10 or 12
     * @param monochrome              mono_chrome
     * @param chromaSubsamplingX      subsampling_x, 0–1
     * @param chromaSubsamplingY      subsampling_y, 0–1
     * @param chromaSamplePosition    chroma_sample_position, 0–3
     * @param colourPrimaries         0–255
     * @param transferCharacteristics 0–255
     * @param matrixCoefficients      0–255
     * @param fullRange               color_range
     */
    record Av1(int profile, int level, boolean highTier, int bitDepth, boolean monochrome, int chromaSubsamplingX,
               int chromaSubsamplingY, int chromaSamplePosition, int colourPrimaries, int transferCharacteristics,
               int matrixCoefficients, boolean fullRange) implements VideoCodec {
        /**
         * Checks ranges.
         *
         * @param profile                 seq_profile, 0–7
         * @param level                   seq_level_idx_0, 0–31
         * @param highTier                seq_tier_0
         * @param bitDepth                8, 10 or 12
         * @param monochrome              mono_chrome
         * @param chromaSubsamplingX      0–1
         * @param chromaSubsamplingY      0–1
         * @param chromaSamplePosition    0–3
         * @param colourPrimaries         0–255
         * @param transferCharacteristics 0–255
         * @param matrixCoefficients      0–255
         * @param fullRange               color_range
         */
        public Av1 {
            CodecFields.checkRange(profile, 0, 7, "profile");
            CodecFields.checkRange(level, 0, 31, "level");
            checkBitDepth(bitDepth);
            CodecFields.checkRange(chromaSubsamplingX, 0, 1, "chromaSubsamplingX");
            CodecFields.checkRange(chromaSubsamplingY, 0, 1, "chromaSubsamplingY");
            CodecFields.checkRange(chromaSamplePosition, 0, 3, "chromaSamplePosition");
            checkColour(colourPrimaries, transferCharacteristics, matrixCoefficients);
        }

        /**
         * An AV1 codec with the default monochrome, subsampling, colour and range values.
         *
         * @param profile  seq_profile, 0–7
         * @param level    seq_level_idx_0, 0–31
         * @param highTier seq_tier_0
         * @param bitDepth 8, 10 or 12
         */
        public Av1(int profile, int level, boolean highTier, int bitDepth) {
            this(profile, level, highTier, bitDepth, false, 1, 1, 0, 1, 1, 1, false);
        }

        private static Av1 parseString(String codec) {
            CodecFields f = CodecFields.split(codec);
            if (f.count() != 4 && f.count() != 10) {
                throw f.malformed("expected 4 or 10 dot-separated fields, found " + f.count());
            }
            int profile = f.dec(f.get(1), 1, 1, 7, "profile");
            String levelTier = f.get(2);
            if (levelTier.length() != 3 || (levelTier.charAt(2) != 'M' && levelTier.charAt(2) != 'H')) {
                throw f.malformed("level and tier must be two digits and M or H, was \"" + levelTier + "\"");
            }
            int level = f.dec(levelTier.substring(0, 2), 2, 2, 31, "level");
            boolean high = levelTier.charAt(2) == 'H';
            int depth = parseBitDepth(f, f.get(3));
            if (f.count() == 4) {
                return new Av1(profile, level, high, depth);
            }
            String xyz = f.get(5);
            if (xyz.length() != 3) {
                throw f.malformed("chroma subsampling must be 3 digits, was \"" + xyz + "\"");
            }
            return new Av1(profile, level, high, depth,
                    f.dec(f.get(4), 1, 1, 1, "monochrome") == 1,
                    f.dec(xyz.substring(0, 1), 1, 1, 1, "subsampling_x"),
                    f.dec(xyz.substring(1, 2), 1, 1, 1, "subsampling_y"),
                    f.dec(xyz.substring(2, 3), 1, 1, 3, "chroma_sample_position"),
                    f.dec(f.get(6), 2, 3, 255, "colour primaries"),
                    f.dec(f.get(7), 2, 3, 255, "transfer characteristics"),
                    f.dec(f.get(8), 2, 3, 255, "matrix coefficients"),
                    f.dec(f.get(9), 1, 1, 1, "full range flag") == 1);
        }

        /** @return whether the long form is needed to carry monochrome, subsampling, colour or range */
        private boolean hasNonDefaults() {
            return monochrome || chromaSubsamplingX != 1 || chromaSubsamplingY != 1 || chromaSamplePosition != 0
                    || colourPrimaries != 1 || transferCharacteristics != 1 || matrixCoefficients != 1 || fullRange;
        }

        /**
         * @return {@code av01.P.LLT.DD} without the optional fields: the string mp4box.js reports
         */
        public String shortForm() {
            return "av01." + profile + "." + CodecFields.twoDigits(level) + (highTier ? "H" : "M") + "."
                    + CodecFields.twoDigits(bitDepth);
        }

        /** @return the codec string, short form when the optional fields are all default */
        @Override
        public String toString() {
            if (!hasNonDefaults()) {
                return shortForm();
            }
            return shortForm() + "." + (monochrome ? 1 : 0) + "." + chromaSubsamplingX + chromaSubsamplingY
                    + chromaSamplePosition + "." + colour(colourPrimaries, transferCharacteristics, matrixCoefficients)
                    + "." + (fullRange ? 1 : 0);
        }
    }

    /** Both long forms carry the ISO/IEC 23091-4 colour code points the same way. */
    private static void checkColour(int primaries, int transfer, int matrix) {
        CodecFields.checkRange(primaries, 0, 255, "colourPrimaries");
        CodecFields.checkRange(transfer, 0, 255, "transferCharacteristics");
        CodecFields.checkRange(matrix, 0, 255, "matrixCoefficients");
    }

    /** @return {@code cp.tc.mc}, each at least two decimal digits, as both long forms write them */
    private static String colour(int primaries, int transfer, int matrix) {
        return CodecFields.twoDigits(primaries) + "." + CodecFields.twoDigits(transfer) + "."
                + CodecFields.twoDigits(matrix);
    }

    private static void checkBitDepth(int bitDepth) {
        if (bitDepth != 8 && bitDepth != 10 && bitDepth != 12) {
            throw new IllegalArgumentException("bitDepth must be 8, 10 or 12, was " + bitDepth);
        }
    }

    private static int parseBitDepth(CodecFields f, String s) {
        int depth = f.dec(s, 2, 2, 99, "bit depth");
        if (depth != 8 && depth != 10 && depth != 12) {
            throw f.malformed("bit depth must be 08, 10 or 12, was \"" + s + "\"");
        }
        return depth;
    }
}
