package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.Objects;

/**
 * The parts of an elementary stream descriptor box ({@code esds}, ISO/IEC 14496-1 §7.2.6) that
 * describe the decoder.
 *
 * @param objectTypeIndication e.g. 0x40 for MPEG-4 audio, 0x67 for MPEG-2 AAC LC
 * @param streamType           e.g. 5 for audio
 * @param bufferSizeDb         decoding buffer size in bytes (24 bits)
 * @param maxBitrate           maximum bit rate in bits per second (unsigned 32 bits)
 * @param avgBitrate           average bit rate in bits per second, 0 when variable or unknown
 * @param decoderSpecificInfo  the DecoderSpecificInfo bytes exactly as stored (for AAC the
 *                             AudioSpecificConfig), or {@code null} when absent; shared, must not
 *                             be modified
 */
public record Esds(int objectTypeIndication, int streamType, long bufferSizeDb, long maxBitrate, long avgBitrate,
        byte[] decoderSpecificInfo) implements AudioCodecConfig {
    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Esds e && objectTypeIndication == e.objectTypeIndication && streamType == e.streamType
                && bufferSizeDb == e.bufferSizeDb && maxBitrate == e.maxBitrate && avgBitrate == e.avgBitrate
                && Arrays.equals(decoderSpecificInfo, e.decoderSpecificInfo);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(objectTypeIndication, streamType, bufferSizeDb, maxBitrate, avgBitrate) * 31
                + Arrays.hashCode(decoderSpecificInfo);
    }

    /** @return the fields, with the decoder specific info in hex */
    @Override
    public String toString() {
        StringBuilder hex = new StringBuilder();
        if (decoderSpecificInfo != null) {
            for (byte b : decoderSpecificInfo) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return "Esds[oti=0x" + Integer.toHexString(objectTypeIndication) + ", streamType=" + streamType
                + ", bufferSizeDb=" + bufferSizeDb + ", maxBitrate=" + maxBitrate + ", avgBitrate=" + avgBitrate
                + ", dsi=" + (decoderSpecificInfo == null ? "none" : hex) + "]";
    }
}
