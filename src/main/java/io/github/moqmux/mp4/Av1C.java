package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import java.util.Arrays;
import java.util.Objects;

/**
 * An AV1 codec configuration box ({@code av1C}, AV1 Codec ISO Media File Format Binding §2.3).
 *
 * @param seqProfile           seq_profile (0–7)
 * @param seqLevelIdx0         seq_level_idx[0]
 * @param seqTier0             seq_tier[0]: true for the High tier
 * @param highBitdepth         high_bitdepth
 * @param twelveBit            twelve_bit
 * @param monochrome           mono_chrome
 * @param chromaSubsamplingX   chroma_subsampling_x
 * @param chromaSubsamplingY   chroma_subsampling_y
 * @param chromaSamplePosition chroma_sample_position (0–3)
 * @param configObus           the configOBUs that follow the four fixed bytes (may be empty);
 *                             shared, must not be modified
 */
public record Av1C(int seqProfile, int seqLevelIdx0, boolean seqTier0, boolean highBitdepth, boolean twelveBit,
        boolean monochrome, boolean chromaSubsamplingX, boolean chromaSubsamplingY, int chromaSamplePosition,
        byte[] configObus) implements VideoCodecConfig {
    /** The box type, {@code av1C}. */
    public static final int TYPE = FourCC.of("av1C");
    /** AV1 sample entry. */
    public static final SampleEntryFormat AV01 = SampleEntryFormat.visual("av01", TYPE, Av1C::parse);

    /**
     * Checks that the OBU array is present.
     *
     * @param seqProfile seq_profile (0–7)
     * @param seqLevelIdx0 seq_level_idx[0]
     * @param seqTier0 seq_tier[0]: true for the High tier
     * @param highBitdepth high_bitdepth
     * @param twelveBit twelve_bit
     * @param monochrome mono_chrome
     * @param chromaSubsamplingX chroma_subsampling_x
     * @param chromaSubsamplingY chroma_subsampling_y
     * @param chromaSamplePosition chroma_sample_position (0–3)
     * @param configObus the configOBUs that follow the four fixed bytes (may be empty);
     *     shared, must not be modified
     */
    public Av1C {
        Objects.requireNonNull(configObus, "configObus");
    }

    /** @return 12 with high_bitdepth and twelve_bit, 10 with only high_bitdepth, else 8 */
    public int bitDepth() {
        return highBitdepth ? (twelveBit ? 12 : 10) : 8;
    }

    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Av1C a && seqProfile == a.seqProfile && seqLevelIdx0 == a.seqLevelIdx0
                && seqTier0 == a.seqTier0 && highBitdepth == a.highBitdepth && twelveBit == a.twelveBit
                && monochrome == a.monochrome && chromaSubsamplingX == a.chromaSubsamplingX
                && chromaSubsamplingY == a.chromaSubsamplingY && chromaSamplePosition == a.chromaSamplePosition
                && Arrays.equals(configObus, a.configObus);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(seqProfile, seqLevelIdx0, seqTier0, highBitdepth, twelveBit, monochrome,
                chromaSubsamplingX, chromaSubsamplingY, chromaSamplePosition) * 31 + Arrays.hashCode(configObus);
    }

    /** @return the fields, with the OBU size instead of its bytes */
    @Override
    public String toString() {
        return "Av1C[profile=" + seqProfile + ", level=" + seqLevelIdx0 + ", tier=" + seqTier0 + ", highBitdepth="
                + highBitdepth + ", twelveBit=" + twelveBit + ", mono=" + monochrome + ", subX="
                + chromaSubsamplingX + ", subY=" + chromaSubsamplingY + ", samplePos=" + chromaSamplePosition
                + ", " + configObus.length + " bytes]";
    }

    static Av1C parse(Span p) {
        if (p.remaining() == 0) {
            // libaom with ffmpeg's empty_moov writes an av1C box with no record at all: treated as
            // absent, the importer reads the configuration from the in-band sequence header.
            return null;
        }
        int b0 = p.u8("marker and version");
        if ((b0 & 0x80) == 0) {
            throw p.malformedAt(p.start, "marker bit is 0");
        }
        if ((b0 & 0x7F) != 1) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'av1C' version " + (b0 & 0x7F)
                    + " is not supported");
        }
        int b1 = p.u8("seq_profile and seq_level_idx_0");
        int b2 = p.u8("tier, bit depth, monochrome and chroma fields");
        p.u8("initial_presentation_delay");
        return new Av1C(b1 >>> 5, b1 & 0x1F, (b2 & 0x80) != 0, (b2 & 0x40) != 0, (b2 & 0x20) != 0,
                (b2 & 0x10) != 0, (b2 & 0x08) != 0, (b2 & 0x04) != 0, b2 & 0x3, p.rest());
    }
}
