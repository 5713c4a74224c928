package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that the catalog needs.
 * The config's bytes themselves travel unchanged as the decoder description; this only reads
 * them, because the sample entry's rate and channel fields cannot express every stream (rates
 * above 65535 Hz, 7350 Hz, explicit 24-bit rates, a mono stream in a stereo entry).
 *
 * @param audioObjectType   the object type, escape value 31 resolved (2 = AAC-LC, 5 = SBR, 29 = PS)
 * @param samplingFrequency the output sampling rate in Hz (for SBR/PS: the extension rate when signalled)
 * @param channelConfiguration 0 (defined elsewhere), 1–7, or more
 * @param channelCount      the channel count implied by the configuration, 0 when it says "defined elsewhere"
 */
record AudioSpecificConfig(int audioObjectType, int samplingFrequency, int channelConfiguration, int channelCount) {

    private static final int[] SAMPLING_FREQUENCIES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };

    /**
     * Reads the leading fields of an AudioSpecificConfig.
     *
     * @param asc    the DecoderSpecificInfo bytes
     * @param offset the absolute stream offset of those bytes, for errors
     * @return the parsed fields
     * @throws MoqMuxException MALFORMED when the bytes end early or use a reserved frequency index
     */
    static AudioSpecificConfig parse(byte[] asc, long offset) {
        BitReader bits = new BitReader(asc, offset);
        int aot = readObjectType(bits);
        int frequency = readFrequency(bits);
        int channelConfig = bits.read(4);
        if (aot == 5 || aot == 29) {
            // Explicit hierarchical SBR signalling: the output rate follows, then the core object type.
            frequency = readFrequency(bits);
        }
        return new AudioSpecificConfig(aot, frequency, channelConfig, channelCount(channelConfig));
    }

    private static int readObjectType(BitReader bits) {
        int aot = bits.read(5);
        return aot == 31 ? 32 + bits.read(6) : aot;
    }

    private static int readFrequency(BitReader bits) {
        int index = bits.read(4);
        if (index == 0xF) {
            return bits.read(24);
        }
        if (index >= SAMPLING_FREQUENCIES.length) {
            throw new MoqMuxException(MoqMuxException.Kind.MALFORMED, bits.offset,
                "AudioSpecificConfig uses reserved sampling frequency index " + index);
        }
        return SAMPLING_FREQUENCIES[index];
    }

    private static int channelCount(int channelConfiguration) {
        // ISO/IEC 14496-3 Table 1.19: configurations 1-6 carry that many channels, 7 is 7.1.
        return switch (channelConfiguration) {
            case 1, 2, 3, 4, 5, 6 -> channelConfiguration;
            case 7 -> 8;
            case 11 -> 7;
            case 12, 14 -> 8;
            case 13 -> 24;
            default -> 0;
        };
    }

    /** MSB-first bit reader over a small byte array, failing with our exception when it runs out. */
    private static final class BitReader {
        private final byte[] data;
        private final long offset;
        private int bit;

        BitReader(byte[] data, long offset) {
            this.data = data;
            this.offset = offset;
        }

        int read(int count) {
            if (bit + count > data.length * 8L) {
                throw new MoqMuxException(MoqMuxException.Kind.MALFORMED, offset,
                    "AudioSpecificConfig is truncated (" + data.length + " bytes)");
            }
            int value = 0;
            for (int i = 0; i < count; i++, bit++) {
                value = (value << 1) | ((data[bit >>> 3] >>> (7 - (bit & 7))) & 1);
            }
            return value;
        }
    }
}
