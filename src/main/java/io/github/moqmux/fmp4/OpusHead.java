package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.DOps;

/**
 * Builds the Opus identification header (RFC 7845 §5.1) that WebCodecs takes as the Opus decoder
 * description, from the {@code dOps} box of an MP4 sample entry. The box stores the same fields
 * big-endian and without the magic; the header is little-endian.
 */
final class OpusHead {
    private static final byte[] MAGIC = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd'};

    private OpusHead() {
    }

    /**
     * @param dops the parsed {@code dOps} box
     * @return the 19-byte header, plus the channel mapping table when the mapping family is not 0
     */
    static byte[] fromDops(DOps dops) {
        boolean hasTable = dops.channelMappingFamily() != 0;
        byte[] mapping = dops.channelMapping();
        byte[] out = new byte[19 + (hasTable ? 2 + mapping.length : 0)];
        System.arraycopy(MAGIC, 0, out, 0, 8);
        out[8] = 1; // RFC 7845 version; dOps version 0 maps to header version 1
        out[9] = (byte) dops.outputChannelCount();
        putLe16(out, 10, dops.preSkip());
        putLe32(out, 12, dops.inputSampleRate());
        putLe16(out, 16, dops.outputGain());
        out[18] = (byte) dops.channelMappingFamily();
        if (hasTable) {
            out[19] = (byte) dops.streamCount();
            out[20] = (byte) dops.coupledCount();
            System.arraycopy(mapping, 0, out, 21, mapping.length);
        }
        return out;
    }

    private static void putLe16(byte[] out, int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
    }

    private static void putLe32(byte[] out, int at, long v) {
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
