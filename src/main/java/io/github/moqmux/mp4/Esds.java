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
    /** The box type, {@code esds}. */
    public static final int TYPE = FourCC.of("esds");
    /** MPEG-4 audio sample entry: AAC, or MP3 by its object type indication. */
    public static final SampleEntryFormat MP4A = SampleEntryFormat.audio("mp4a", TYPE, Esds::parse);
    /**
     * MP3 sample entry as QuickTime writes it (MPEG-1/2 layer III). It has no configuration box;
     * it is declared here because MP3 in {@code mp4a} is told apart by this descriptor's object
     * type indication, so both forms of the MPEG audio family live in one place.
     */
    public static final SampleEntryFormat DOT_MP3 = SampleEntryFormat.audio(".mp3");

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

    // ---- esds (ISO/IEC 14496-1 descriptors) ----

    private static final int ES_DESCRIPTOR = 3;
    private static final int DECODER_CONFIG_DESCRIPTOR = 4;
    private static final int DECODER_SPECIFIC_INFO = 5;

    static Esds parse(Span p) {
        p.fullBoxHeader();
        Span es = descriptor(p, ES_DESCRIPTOR);
        if (es == null) {
            throw p.malformedAt(p.start, "no ES_Descriptor");
        }
        es.u16("ES_ID");
        int flags = es.u8("ES_Descriptor flags");
        if ((flags & 0x80) != 0) {
            es.skip(2, "dependsOn_ES_ID");
        }
        if ((flags & 0x40) != 0) {
            es.skip(es.u8("URLlength"), "URLstring");
        }
        if ((flags & 0x20) != 0) {
            es.skip(2, "OCR_ES_Id");
        }
        Span dc = descriptor(es, DECODER_CONFIG_DESCRIPTOR);
        if (dc == null) {
            throw es.malformedAt(es.start, "ES_Descriptor has no DecoderConfigDescriptor");
        }
        int oti = dc.u8("objectTypeIndication");
        int streamType = dc.u8("streamType") >>> 2;
        long bufferSize = dc.u24("bufferSizeDB");
        long maxBitrate = dc.u32("maxBitrate");
        long avgBitrate = dc.u32("avgBitrate");
        Span dsi = descriptor(dc, DECODER_SPECIFIC_INFO);
        return new Esds(oti, streamType, bufferSize, maxBitrate, avgBitrate, dsi == null ? null : dsi.rest());
    }

    /**
     * Skips descriptors until one with the tag; returns a reader over its body, or null when the
     * span ends first.
     */
    private static Span descriptor(Span p, int tag) {
        while (p.remaining() > 0) {
            int t = p.u8("descriptor tag");
            int size = 0;
            for (int i = 0; ; i++) {
                if (i == 4) {
                    throw p.malformed("descriptor size longer than 4 bytes");
                }
                int b = p.u8("descriptor size");
                size = (size << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            Span body = p.sub(size, "descriptor with tag " + t);
            if (t == tag) {
                return body;
            }
        }
        return null;
    }
}
