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
}
