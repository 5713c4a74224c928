package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.Objects;

/**
 * A VP codec configuration box ({@code vpcC}, VP Codec ISO Media File Format Binding).
 *
 * <p>Version 1 is read as specified. The pre-standard version 0 layout is also accepted: its bit
 * depth, chroma subsampling and full range flag are taken as stored, and its VP9 colour space is
 * mapped to ISO/IEC 23091-2 code points (BT.709 → 1/1/1, BT.601 and SMPTE 170M → 6/6/6,
 * SMPTE 240M → 7/7/7, BT.2020 → 9/14/9, sRGB → 1/13/0, unknown → 2/2/2 "unspecified").
 *
 * @param version                 the full box version as stored (0 or 1)
 * @param profile                 VP9 profile (0–3)
 * @param level                   level times ten, e.g. 31 for level 3.1
 * @param bitDepth                bits per sample, e.g. 8 or 10
 * @param chromaSubsampling       0 4:2:0 vertical, 1 4:2:0 colocated, 2 4:2:2, 3 4:4:4
 * @param videoFullRangeFlag      full range (true) or studio swing (false)
 * @param colourPrimaries         ISO/IEC 23091-2 colour primaries
 * @param transferCharacteristics ISO/IEC 23091-2 transfer characteristics
 * @param matrixCoefficients      ISO/IEC 23091-2 matrix coefficients
 * @param codecInitializationData codec initialization data (empty for VP8 and VP9); shared, must
 *                                not be modified
 */
public record VpcC(int version, int profile, int level, int bitDepth, int chromaSubsampling,
        boolean videoFullRangeFlag, int colourPrimaries, int transferCharacteristics, int matrixCoefficients,
        byte[] codecInitializationData) implements VideoCodecConfig {
    /**
     * Checks that the data array is present.
     *
     * @param version the full box version as stored (0 or 1)
     * @param profile VP9 profile (0–3)
     * @param level level times ten, e.g. 31 for level 3.1
     * @param bitDepth bits per sample, e.g. 8 or 10
     * @param chromaSubsampling 0 4:2:0 vertical, 1 4:2:0 colocated, 2 4:2:2, 3 4:4:4
     * @param videoFullRangeFlag full range (true) or studio swing (false)
     * @param colourPrimaries ISO/IEC 23091-2 colour primaries
     * @param transferCharacteristics ISO/IEC 23091-2 transfer characteristics
     * @param matrixCoefficients ISO/IEC 23091-2 matrix coefficients
     * @param codecInitializationData codec initialization data (empty for VP8 and VP9); shared, must
     *     not be modified
     */
    public VpcC {
        Objects.requireNonNull(codecInitializationData, "codecInitializationData");
    }

    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VpcC v && version == v.version && profile == v.profile && level == v.level
                && bitDepth == v.bitDepth && chromaSubsampling == v.chromaSubsampling
                && videoFullRangeFlag == v.videoFullRangeFlag && colourPrimaries == v.colourPrimaries
                && transferCharacteristics == v.transferCharacteristics
                && matrixCoefficients == v.matrixCoefficients
                && Arrays.equals(codecInitializationData, v.codecInitializationData);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(version, profile, level, bitDepth, chromaSubsampling, videoFullRangeFlag,
                colourPrimaries, transferCharacteristics, matrixCoefficients) * 31
                + Arrays.hashCode(codecInitializationData);
    }

    /** @return the fields, with the data size instead of its bytes */
    @Override
    public String toString() {
        return "VpcC[version=" + version + ", profile=" + profile + ", level=" + level + ", bitDepth=" + bitDepth
                + ", chroma=" + chromaSubsampling + ", fullRange=" + videoFullRangeFlag + ", cp="
                + colourPrimaries + ", tc=" + transferCharacteristics + ", mc=" + matrixCoefficients + ", "
                + codecInitializationData.length + " bytes]";
    }
}
