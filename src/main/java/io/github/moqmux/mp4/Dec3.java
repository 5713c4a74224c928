package io.github.moqmux.mp4;

import java.util.List;

/**
 * An E-AC-3 specific box ({@code dec3}, ETSI TS 102 366 §F.6): the data rate and one entry per
 * independent substream. The first independent substream (with its dependent substreams) is the
 * programme a decoder outputs, so it gives the sample rate and channel count.
 *
 * @param dataRate    the data rate in kbit/s
 * @param substreams  the independent substreams, at least one
 */
public record Dec3(int dataRate, List<Substream> substreams) implements AudioCodecConfig {
    /** The box type, {@code dec3}. */
    public static final int TYPE = FourCC.of("dec3");
    /** E-AC-3 sample entry (ETSI TS 102 366 Annex F). */
    public static final SampleEntryFormat EC_3 = SampleEntryFormat.audio("ec-3", TYPE, Dec3::parse);

    /**
     * Copies the list.
     *
     * @param dataRate   the data rate in kbit/s
     * @param substreams the independent substreams
     */
    public Dec3 {
        substreams = List.copyOf(substreams);
    }

    /**
     * One independent substream.
     *
     * @param fscod                 sample rate code: 0 48 kHz, 1 44.1 kHz, 2 32 kHz
     * @param bsid                  bit stream identification
     * @param bsmod                 bit stream mode
     * @param acmod                 audio coding mode: the full-range channel layout, 0–7
     * @param lfeon                 whether a low-frequency effects channel is present
     * @param dependentSubstreams   how many dependent substreams extend it
     * @param channelLocations      chan_loc: the channels the dependent substreams add (9 bits,
     *                              Table F.6.1), 0 when there are none
     */
    public record Substream(int fscod, int bsid, int bsmod, int acmod, boolean lfeon, int dependentSubstreams,
            int channelLocations) {
    }

    /** Channels per chan_loc bit, bit 0 first (Lc/Rc, Lrs/Rrs, Cs, Ts, Lsd/Rsd, Lw/Rw, Lvh/Rvh, Cvh, LFE2). */
    private static final int[] CHAN_LOC_CHANNELS = {2, 2, 1, 1, 2, 2, 2, 1, 1};

    static Dec3 parse(Span p) {
        int head = p.u16("data_rate and num_ind_sub");
        int count = (head & 0x7) + 1;
        Substream[] subs = new Substream[count];
        for (int i = 0; i < count; i++) {
            int v = p.u24("fscod, bsid, asvc, bsmod, acmod, lfeon and num_dep_sub");
            int deps = (v >>> 1) & 0xF;
            int chanLoc = 0;
            if (deps > 0) {
                chanLoc = ((v & 1) << 8) | p.u8("chan_loc");
            }
            subs[i] = new Substream(v >>> 22, (v >>> 17) & 0x1F, (v >>> 12) & 0x7, (v >>> 9) & 0x7,
                    ((v >>> 8) & 1) != 0, deps, chanLoc);
        }
        return new Dec3(head >>> 3, List.of(subs));
    }

    /** @return the first independent substream's sample rate in Hz, or 0 for the reserved code 3 */
    public int sampleRate() {
        return Dac3.sampleRate(substreams.get(0).fscod());
    }

    /** @return the first independent substream's channels, with those its dependent substreams add */
    public int channelCount() {
        Substream s = substreams.get(0);
        int channels = Dac3.channels(s.acmod(), s.lfeon());
        for (int bit = 0; bit < CHAN_LOC_CHANNELS.length; bit++) {
            if ((s.channelLocations() & (1 << bit)) != 0) {
                channels += CHAN_LOC_CHANNELS[bit];
            }
        }
        return channels;
    }
}
