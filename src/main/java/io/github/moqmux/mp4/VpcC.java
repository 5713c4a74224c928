package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
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
    /** The box type, {@code vpcC}. */
    public static final int TYPE = FourCC.of("vpcC");
    /** VP8 sample entry. */
    public static final SampleEntryFormat VP08 = SampleEntryFormat.visual("vp08", TYPE, VpcC::parse);
    /** VP9 sample entry. */
    public static final SampleEntryFormat VP09 = SampleEntryFormat.visual("vp09", TYPE, VpcC::parse);

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

    static VpcC parse(Span p) {
        int version = p.fullBoxHeader() >>> 24;
        if (version == 1) {
            int profile = p.u8("profile");
            int level = p.u8("level");
            int b = p.u8("bitDepth, chromaSubsampling and videoFullRangeFlag");
            int cp = p.u8("colourPrimaries");
            int tc = p.u8("transferCharacteristics");
            int mc = p.u8("matrixCoefficients");
            byte[] init = initData(p);
            return new VpcC(1, profile, level, b >>> 4, (b >> 1) & 0x7, (b & 1) != 0, cp, tc, mc, init);
        }
        if (version == 0) {
            int profile = p.u8("profile");
            int level = p.u8("level");
            int b = p.u8("bitDepth and colorSpace");
            int c = p.u8("chromaSubsampling, transferFunction and videoFullRangeFlag");
            byte[] init = initData(p);
            int[] cicp = colourSpaceToCicp(b & 0xF);
            return new VpcC(0, profile, level, b >>> 4, c >>> 4, (c & 1) != 0, cicp[0], cicp[1], cicp[2],
                    init);
        }
        throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'vpcC' version " + version
                + " is not supported");
    }

    /** Some writers omit the size of the (always empty for VP8/VP9) initialization data. */
    private static byte[] initData(Span p) {
        if (p.remaining() == 0) {
            return new byte[0];
        }
        return p.bytes(p.u16("codecIntializationDataSize"), "codecIntializationData");
    }

    /** Maps the VP9 color_space of vpcC version 0 to colour primaries, transfer, matrix. */
    private static int[] colourSpaceToCicp(int colorSpace) {
        return switch (colorSpace) {
            case 1, 3 -> new int[] {6, 6, 6};     // BT.601, SMPTE 170M
            case 2 -> new int[] {1, 1, 1};        // BT.709
            case 4 -> new int[] {7, 7, 7};        // SMPTE 240M
            case 5 -> new int[] {9, 14, 9};       // BT.2020
            case 7 -> new int[] {1, 13, 0};       // sRGB
            default -> new int[] {2, 2, 2};       // unknown: "unspecified"
        };
    }
}
