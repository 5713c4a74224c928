package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import java.util.Arrays;

/**
 * A FLAC specific box ({@code dfLa}, Encapsulation of FLAC in ISO Base Media File Format §3.3.2):
 * the FLAC metadata blocks, STREAMINFO first.
 *
 * @param metadataBlocks the metadata blocks exactly as stored, each with its 4-byte block header
 *                       (the last one flagged last); shared, must not be modified
 */
public record DfLa(byte[] metadataBlocks) implements AudioCodecConfig {
    /** The box type, {@code dfLa}. */
    public static final int TYPE = FourCC.of("dfLa");
    /** FLAC sample entry (Encapsulation of FLAC in ISO Base Media File Format §3.3.1). */
    public static final SampleEntryFormat FLAC = SampleEntryFormat.audio("fLaC", TYPE, DfLa::parse);
    /** STREAMINFO's block type (FLAC format, METADATA_BLOCK_HEADER). */
    private static final int STREAMINFO = 0;
    /** A block header and STREAMINFO's 34 bytes. */
    private static final int MIN_SIZE = 4 + 34;

    static DfLa parse(Span p) {
        int version = p.fullBoxHeader() >>> 24;
        if (version != 0) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'dfLa' version " + version
                    + " is not supported");
        }
        int at = p.pos;
        byte[] blocks = p.rest();
        if (blocks.length < MIN_SIZE || (blocks[0] & 0x7F) != STREAMINFO) {
            throw p.malformedAt(at, "does not start with a STREAMINFO metadata block");
        }
        return new DfLa(blocks);
    }

    /** @return the sample rate from STREAMINFO (20 bits) */
    public int sampleRate() {
        int i = 4 + 10;
        return ((metadataBlocks[i] & 0xFF) << 12) | ((metadataBlocks[i + 1] & 0xFF) << 4)
                | ((metadataBlocks[i + 2] & 0xF0) >>> 4);
    }

    /** @return the channel count from STREAMINFO (3 bits, plus one) */
    public int channelCount() {
        return ((metadataBlocks[4 + 12] >>> 1) & 0x7) + 1;
    }

    /** Compares the blocks by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DfLa d && Arrays.equals(metadataBlocks, d.metadataBlocks);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(metadataBlocks);
    }

    /** @return the size of the blocks */
    @Override
    public String toString() {
        return "DfLa[" + metadataBlocks.length + " bytes of metadata blocks]";
    }
}
