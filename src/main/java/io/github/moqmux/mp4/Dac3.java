package io.github.moqmux.mp4;

/**
 * An AC-3 specific box ({@code dac3}, ETSI TS 102 366 §F.4): the stream's sample rate and channel
 * layout. Writers often leave 2 channels in the sample entry whatever the stream carries, so this
 * box is what describes the audio.
 *
 * @param fscod       sample rate code: 0 48 kHz, 1 44.1 kHz, 2 32 kHz
 * @param bsid        bit stream identification
 * @param bsmod       bit stream mode
 * @param acmod       audio coding mode: the full-range channel layout, 0–7
 * @param lfeon       whether a low-frequency effects channel is present
 * @param bitRateCode the bit rate code (Table F.4.1)
 */
public record Dac3(int fscod, int bsid, int bsmod, int acmod, boolean lfeon, int bitRateCode)
        implements AudioCodecConfig {
    /** The box type, {@code dac3}. */
    public static final int TYPE = FourCC.of("dac3");
    /** AC-3 sample entry (ETSI TS 102 366 Annex F). */
    public static final SampleEntryFormat AC_3 = SampleEntryFormat.audio("ac-3", TYPE, Dac3::parse);
    /** Full-range channels per acmod (ETSI TS 102 366 Table 5.8); 1+1 (dual mono) counts two. */
    private static final int[] ACMOD_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};

    static Dac3 parse(Span p) {
        int v = p.u24("fscod, bsid, bsmod, acmod, lfeon and bit_rate_code");
        return new Dac3(v >>> 22, (v >>> 17) & 0x1F, (v >>> 14) & 0x7, (v >>> 11) & 0x7, ((v >>> 10) & 1) != 0,
                (v >>> 5) & 0x1F);
    }

    /** @return the sample rate in Hz, or 0 for the reserved code 3 */
    public int sampleRate() {
        return sampleRate(fscod);
    }

    /** @return full-range channels plus the LFE channel */
    public int channelCount() {
        return channels(acmod, lfeon);
    }

    static int sampleRate(int fscod) {
        return switch (fscod) {
            case 0 -> 48_000;
            case 1 -> 44_100;
            case 2 -> 32_000;
            default -> 0;
        };
    }

    static int channels(int acmod, boolean lfeon) {
        return ACMOD_CHANNELS[acmod & 0x7] + (lfeon ? 1 : 0);
    }
}
