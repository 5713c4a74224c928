package io.github.moqmux.mp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Opus specific box ({@code dOps}, Encapsulation of Opus in ISO Base Media File Format §4.3.2),
 * stored big-endian unlike the little-endian OpusHead it corresponds to.
 *
 * @param version              the box version (0)
 * @param outputChannelCount   number of output channels
 * @param preSkip              samples to discard at 48 kHz at the start
 * @param inputSampleRate      sample rate of the original input, informational
 * @param outputGain           output gain in Q7.8 dB
 * @param channelMappingFamily 0 for mono/stereo, 1 for Vorbis channel order, 255 undefined
 * @param streamCount          Opus streams per packet; for family 0, which does not store it, 1
 * @param coupledCount         coupled (stereo) streams; for family 0, which does not store it, 1
 *                             when there are two output channels and otherwise 0
 * @param channelMapping       the channel mapping table ({@code outputChannelCount} bytes), empty
 *                             for family 0; shared, must not be modified
 */
public record DOps(int version, int outputChannelCount, int preSkip, long inputSampleRate, short outputGain,
        int channelMappingFamily, int streamCount, int coupledCount, byte[] channelMapping)
        implements AudioCodecConfig {
    /** The box type, {@code dOps}. */
    public static final int TYPE = FourCC.of("dOps");
    /** Opus sample entry (capital O, as registered). */
    public static final SampleEntryFormat OPUS = SampleEntryFormat.audio("Opus", TYPE, DOps::parse);

    /**
     * Checks that the mapping array is present.
     *
     * @param version the box version (0)
     * @param outputChannelCount number of output channels
     * @param preSkip samples to discard at 48 kHz at the start
     * @param inputSampleRate sample rate of the original input, informational
     * @param outputGain output gain in Q7.8 dB
     * @param channelMappingFamily 0 for mono/stereo, 1 for Vorbis channel order, 255 undefined
     * @param streamCount Opus streams per packet; for family 0, which does not store it, 1
     * @param coupledCount coupled (stereo) streams; for family 0, which does not store it, 1
     *     when there are two output channels and otherwise 0
     * @param channelMapping the channel mapping table ({@code outputChannelCount} bytes), empty
     *     for family 0; shared, must not be modified
     */
    public DOps {
        Objects.requireNonNull(channelMapping, "channelMapping");
    }

    /** Compares all fields, byte arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DOps d && version == d.version && outputChannelCount == d.outputChannelCount
                && preSkip == d.preSkip && inputSampleRate == d.inputSampleRate && outputGain == d.outputGain
                && channelMappingFamily == d.channelMappingFamily && streamCount == d.streamCount
                && coupledCount == d.coupledCount && Arrays.equals(channelMapping, d.channelMapping);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(version, outputChannelCount, preSkip, inputSampleRate, outputGain,
                channelMappingFamily, streamCount, coupledCount) * 31 + Arrays.hashCode(channelMapping);
    }

    /** @return all fields */
    @Override
    public String toString() {
        return "DOps[version=" + version + ", channels=" + outputChannelCount + ", preSkip=" + preSkip
                + ", inputSampleRate=" + inputSampleRate + ", gain=" + outputGain + ", family="
                + channelMappingFamily + ", streams=" + streamCount + ", coupled=" + coupledCount + ", mapping="
                + Arrays.toString(channelMapping) + "]";
    }

    static DOps parse(Span p) {
        int version = p.u8("Version");
        if (version != 0) {
            throw new MoqMuxException(Kind.UNSUPPORTED, p.abs(p.start), "'dOps' version " + version
                    + " is not supported");
        }
        int channels = p.u8("OutputChannelCount");
        int preSkip = p.u16("PreSkip");
        long inputRate = p.u32("InputSampleRate");
        short gain = (short) p.u16("OutputGain");
        int family = p.u8("ChannelMappingFamily");
        if (family == 0) {
            return new DOps(0, channels, preSkip, inputRate, gain, 0, 1, channels == 2 ? 1 : 0, new byte[0]);
        }
        int streams = p.u8("StreamCount");
        int coupled = p.u8("CoupledCount");
        byte[] mapping = p.bytes(channels, "ChannelMapping");
        return new DOps(0, channels, preSkip, inputRate, gain, family, streams, coupled, mapping);
    }
}
