package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An AVC decoder configuration box ({@code avcC}, ISO/IEC 14496-15 §5.3.3).
 *
 * @param configurationVersion the record version (1 in conforming files)
 * @param profile              AVCProfileIndication
 * @param profileCompatibility the constraint flags byte
 * @param level                AVCLevelIndication
 * @param lengthSizeMinusOne   NAL unit length field size minus one (0, 1 or 3)
 * @param sps                  the sequence parameter set NAL units; arrays shared, must not be
 *                             modified
 * @param pps                  the picture parameter set NAL units; arrays shared, must not be
 *                             modified
 * @param body                 the box payload exactly as stored (the AVCDecoderConfigurationRecord,
 *                             including any trailing High-profile fields); shared, must not be
 *                             modified
 */
public record AvcC(int configurationVersion, int profile, int profileCompatibility, int level,
        int lengthSizeMinusOne, List<byte[]> sps, List<byte[]> pps, byte[] body) implements VideoCodecConfig {
    /** The box type, {@code avcC}. */
    public static final int TYPE = FourCC.of("avcC");
    /** H.264 sample entry, parameter sets in the sample entry only. */
    public static final SampleEntryFormat AVC1 = SampleEntryFormat.visual("avc1", TYPE, AvcC::parse);
    /** H.264 sample entry, parameter sets may also be in-band. */
    public static final SampleEntryFormat AVC3 = SampleEntryFormat.visual("avc3", TYPE, AvcC::parse);

    /**
     * Copies the lists.
     *
     * @param configurationVersion the record version (1 in conforming files)
     * @param profile AVCProfileIndication
     * @param profileCompatibility the constraint flags byte
     * @param level AVCLevelIndication
     * @param lengthSizeMinusOne NAL unit length field size minus one (0, 1 or 3)
     * @param sps the sequence parameter set NAL units; arrays shared, must not be
     *     modified
     * @param pps the picture parameter set NAL units; arrays shared, must not be
     *     modified
     * @param body the box payload exactly as stored (the AVCDecoderConfigurationRecord,
     *     including any trailing High-profile fields); shared, must not be
     *     modified
     */
    public AvcC {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
        Objects.requireNonNull(body, "body");
    }

    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof AvcC a && configurationVersion == a.configurationVersion && profile == a.profile
                && profileCompatibility == a.profileCompatibility && level == a.level
                && lengthSizeMinusOne == a.lengthSizeMinusOne && Arrays.equals(body, a.body)
                && sameArrays(sps, a.sps) && sameArrays(pps, a.pps);
    }

    private static boolean sameArrays(List<byte[]> x, List<byte[]> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(configurationVersion, profile, profileCompatibility, level, lengthSizeMinusOne) * 31
                + Arrays.hashCode(body);
    }

    /** @return the fields, with counts instead of parameter set bytes */
    @Override
    public String toString() {
        return "AvcC[version=" + configurationVersion + ", profile=" + profile + ", compat=" + profileCompatibility
                + ", level=" + level + ", lengthSizeMinusOne=" + lengthSizeMinusOne + ", sps=" + sps.size()
                + ", pps=" + pps.size() + ", " + body.length + " bytes]";
    }

    static AvcC parse(Span p) {
        byte[] body = p.all();
        int version = p.u8("configurationVersion");
        int profile = p.u8("AVCProfileIndication");
        int compat = p.u8("profile_compatibility");
        int level = p.u8("AVCLevelIndication");
        int lengthSizeMinusOne = p.u8("lengthSizeMinusOne") & 0x3;
        int spsCount = p.u8("numOfSequenceParameterSets") & 0x1F;
        byte[][] sps = new byte[spsCount][];
        for (int i = 0; i < spsCount; i++) {
            sps[i] = p.bytes(p.u16("sequenceParameterSetLength"), "sequenceParameterSetNALUnit");
        }
        int ppsCount = p.u8("numOfPictureParameterSets");
        byte[][] pps = new byte[ppsCount][];
        for (int i = 0; i < ppsCount; i++) {
            pps[i] = p.bytes(p.u16("pictureParameterSetLength"), "pictureParameterSetNALUnit");
        }
        return new AvcC(version, profile, compat, level, lengthSizeMinusOne, List.of(sps), List.of(pps), body);
    }
}
