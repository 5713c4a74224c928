package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HEVC decoder configuration box ({@code hvcC}, ISO/IEC 14496-15 §8.3.3).
 *
 * @param configurationVersion      the record version (1 in conforming files)
 * @param profileSpace              general_profile_space (0–3)
 * @param tierFlag                  general_tier_flag: true for the High tier
 * @param profileIdc                general_profile_idc
 * @param profileCompatibilityFlags the 32 general_profile_compatibility_flags as stored (flag 0 is
 *                                  the most significant bit)
 * @param constraintIndicatorFlags  the 6 bytes of general_constraint_indicator_flags; shared, must
 *                                  not be modified
 * @param levelIdc                  general_level_idc
 * @param lengthSizeMinusOne        NAL unit length field size minus one
 * @param body                      the box payload exactly as stored (the
 *                                  HEVCDecoderConfigurationRecord); shared, must not be modified
 */
public record HvcC(int configurationVersion, int profileSpace, boolean tierFlag, int profileIdc,
        long profileCompatibilityFlags, byte[] constraintIndicatorFlags, int levelIdc, int lengthSizeMinusOne,
        byte[] body) implements VideoCodecConfig {
    /** The box type, {@code hvcC}. */
    public static final int TYPE = FourCC.of("hvcC");
    /** H.265 sample entry, parameter sets in the sample entry only. */
    public static final SampleEntryFormat HVC1 = SampleEntryFormat.visual("hvc1", TYPE, HvcC::parse);
    /** H.265 sample entry, parameter sets may also be in-band. */
    public static final SampleEntryFormat HEV1 = SampleEntryFormat.visual("hev1", TYPE, HvcC::parse);

    /**
     * Checks the array sizes.
     *
     * @param configurationVersion the record version (1 in conforming files)
     * @param profileSpace general_profile_space (0–3)
     * @param tierFlag general_tier_flag: true for the High tier
     * @param profileIdc general_profile_idc
     * @param profileCompatibilityFlags the 32 general_profile_compatibility_flags as stored (flag 0 is
     *     the most significant bit)
     * @param constraintIndicatorFlags the 6 bytes of general_constraint_indicator_flags; shared, must
     *     not be modified
     * @param levelIdc general_level_idc
     * @param lengthSizeMinusOne NAL unit length field size minus one
     * @param body the box payload exactly as stored (the
     *     HEVCDecoderConfigurationRecord); shared, must not be modified
     */
    public HvcC {
        if (constraintIndicatorFlags.length != 6) {
            throw new IllegalArgumentException("constraintIndicatorFlags must have 6 bytes");
        }
        Objects.requireNonNull(body, "body");
    }

    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HvcC h && configurationVersion == h.configurationVersion
                && profileSpace == h.profileSpace && tierFlag == h.tierFlag && profileIdc == h.profileIdc
                && profileCompatibilityFlags == h.profileCompatibilityFlags && levelIdc == h.levelIdc
                && lengthSizeMinusOne == h.lengthSizeMinusOne
                && Arrays.equals(constraintIndicatorFlags, h.constraintIndicatorFlags) && Arrays.equals(body, h.body);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(configurationVersion, profileSpace, tierFlag, profileIdc, profileCompatibilityFlags,
                levelIdc, lengthSizeMinusOne) * 31 + Arrays.hashCode(body);
    }

    /** @return the fields, with the body size instead of its bytes */
    @Override
    public String toString() {
        return "HvcC[version=" + configurationVersion + ", profileSpace=" + profileSpace + ", tier=" + tierFlag
                + ", profileIdc=" + profileIdc + ", compat=" + Long.toHexString(profileCompatibilityFlags)
                + ", constraints=" + Arrays.toString(constraintIndicatorFlags) + ", levelIdc=" + levelIdc
                + ", lengthSizeMinusOne=" + lengthSizeMinusOne + ", " + body.length + " bytes]";
    }

    static HvcC parse(Span p) {
        byte[] body = p.all();
        int version = p.u8("configurationVersion");
        int b = p.u8("general_profile_space, tier and profile_idc");
        long compat = p.u32("general_profile_compatibility_flags");
        byte[] constraints = p.bytes(6, "general_constraint_indicator_flags");
        int level = p.u8("general_level_idc");
        p.skip(2 + 1 + 1 + 1 + 1 + 2, "segmentation, parallelism, chroma, bit depths and frame rate");
        int lengthSizeMinusOne = p.u8("lengthSizeMinusOne") & 0x3;
        int arrays = p.u8("numOfArrays");
        for (int i = 0; i < arrays; i++) {
            p.u8("NAL_unit_type");
            int nalus = p.u16("numNalus");
            for (int j = 0; j < nalus; j++) {
                p.skip(p.u16("nalUnitLength"), "nalUnit");
            }
        }
        return new HvcC(version, b >>> 6, (b & 0x20) != 0, b & 0x1F, compat, constraints, level,
                lengthSizeMinusOne, body);
    }
}
