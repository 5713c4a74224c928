package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.audioEntry;
import static io.github.moqmux.mp4.Boxes.b;
import static io.github.moqmux.mp4.Boxes.box;
import static io.github.moqmux.mp4.Boxes.find;
import static io.github.moqmux.mp4.Boxes.fullBox;
import static io.github.moqmux.mp4.Boxes.hex;
import static io.github.moqmux.mp4.MoovParserTest.entryOf;
import static io.github.moqmux.mp4.MoovParserTest.fail;
import static io.github.moqmux.mp4.MoovParserTest.moovWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.MoqMuxException;
import org.junit.jupiter.api.Test;

/**
 * The audio configuration boxes of issue 11 on hand-made bytes, for the fields the ffmpeg
 * fixtures do not exercise (E-AC-3 dependent substreams, 44.1 kHz, dfLa errors); the fixtures
 * themselves are checked end to end in {@code AudioCodecFixturesTest}.
 */
class AudioConfigBoxesTest {
    @Test
    void dac3GivesRateAndChannelsFromFscodAcmodAndLfe() {
        // fscod 0 (48 kHz), bsid 8, bsmod 0, acmod 7 (3/2), lfeon 1, bit_rate_code 10 (192 kbit/s)
        AudioSampleEntry e = (AudioSampleEntry) entryOf(audioEntry("ac-3", 2, 16, 48000,
            box("dac3", hex("103d40"))));
        assertThat(e.config()).isEqualTo(new Dac3(0, 8, 0, 7, true, 10));
        assertThat(((Dac3) e.config()).sampleRate()).isEqualTo(48000);
        assertThat(((Dac3) e.config()).channelCount()).isEqualTo(6);
    }

    @Test
    void dec3CountsTheChannelsDependentSubstreamsAdd() {
        // data_rate 192, one independent substream: fscod 1 (44.1 kHz), bsid 16, acmod 7, lfeon 1,
        // one dependent substream with chan_loc bit 1 (Lrs/Rrs): 5 + 1 + 2 channels.
        AudioSampleEntry e = (AudioSampleEntry) entryOf(audioEntry("ec-3", 2, 16, 44100,
            box("dec3", hex("0600" + "600f02" + "02"))));
        Dec3 dec3 = (Dec3) e.config();
        assertThat(dec3.dataRate()).isEqualTo(192);
        assertThat(dec3.substreams()).containsExactly(new Dec3.Substream(1, 16, 0, 7, true, 1, 2));
        assertThat(dec3.sampleRate()).isEqualTo(44100);
        assertThat(dec3.channelCount()).isEqualTo(8);
    }

    @Test
    void dfLaKeepsTheMetadataBlocksAndReadsStreamInfo() {
        byte[] blocks = hex("80000022" + "10001000" + "00000e" + "0012a9" + "0bb8" + "02f0" + "0000b800"
            + "00000000000000000000000000000000");
        AudioSampleEntry e = (AudioSampleEntry) entryOf(audioEntry("fLaC", 2, 16, 48000,
            fullBox("dfLa", 0, 0, blocks)));
        DfLa dfla = (DfLa) e.config();
        assertThat(dfla.metadataBlocks()).isEqualTo(blocks);
        assertThat(dfla.sampleRate()).isEqualTo(48000);
        assertThat(dfla.channelCount()).isEqualTo(2);
    }

    @Test
    void aDfLaWithoutStreamInfoIsMalformedAtItsBlocks() {
        byte[] entry = audioEntry("fLaC", 2, 16, 48000, fullBox("dfLa", 0, 0, hex("84000002" + "0000")));
        byte[] moov = moovWith("soun", entry);
        MoqMuxException e = fail(moov);
        assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(find(moov, "dfLa") + 12);
    }

    @Test
    void aDfLaOfAnotherVersionIsUnsupported() {
        byte[] moov = moovWith("soun", audioEntry("fLaC", 2, 16, 48000, fullBox("dfLa", 1, 0, new byte[38])));
        assertThat(fail(moov).kind()).isEqualTo(MoqMuxException.Kind.UNSUPPORTED);
    }

    @Test
    void anEncryptedEntryNamesItsSchemeAndOriginalFormat() {
        byte[] sinf = box("sinf", box("frma", b().cc("mp4a").build()),
            fullBox("schm", 0, 0, b().cc("cbcs").u32(0x10000).build()));
        byte[] entry = audioEntry("enca", 2, 16, 48000, sinf);
        byte[] moov = moovWith("soun", entry);
        SampleEntry e = entryOf(entry);
        assertThat(e).isEqualTo(new EncryptedSampleEntry(FourCC.ENCA, Esds.MP4A.type(), FourCC.of("cbcs"), 0));
        assertThat(e.offset()).isEqualTo(find(moov, "enca"));
    }
}
