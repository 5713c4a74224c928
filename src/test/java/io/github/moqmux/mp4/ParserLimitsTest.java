package io.github.moqmux.mp4;

import static io.github.moqmux.mp4.Boxes.b;
import static io.github.moqmux.mp4.Boxes.box;
import static io.github.moqmux.mp4.Boxes.buf;
import static io.github.moqmux.mp4.Boxes.fullBox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The bounded parser entry points an importer can use so that declared counts, not box sizes,
 * cannot make it work without end: tracks per moov and samples per moof (over all trafs).
 */
class ParserLimitsTest {

    @Test
    void aMoovWithMoreTracksThanAllowedIsRefusedAtItsOffset() {
        byte[] moov = HostileInputTest.richMoov(); // four tracks
        ByteBuf in = buf(moov);
        try {
            assertThat(Mp4Parser.parseMoov(in, 100, 4).traks()).hasSize(4);
            assertThatThrownBy(() -> Mp4Parser.parseMoov(in, 100, 3)).isInstanceOfSatisfying(MoqMuxException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.offset()).isEqualTo(100);
                });
        } finally {
            in.release();
        }
    }

    @Test
    void theSamplesOfAllTrafsOfAMoofCountAgainstOneLimit() {
        // 1 000 trafs, each a run of 100 000 samples without per-sample fields: 40 bytes a traf
        byte[] traf = box("traf", fullBox("tfhd", 0, 0x020000, b().u32(1).build()),
                fullBox("trun", 0, 0, b().u32(100_000).build()));
        byte[][] trafs = new byte[1000][];
        Arrays.fill(trafs, traf);
        byte[] moof = box("moof", Boxes.mfhd(1), Boxes.cat(trafs));
        ByteBuf in = buf(moof);
        try {
            assertThat(Mp4Parser.parseMoof(in, 0).trafs()).hasSize(1000);
            assertThat(Mp4Parser.parseMoof(in, 0, 100_000_000L).trafs()).hasSize(1000);
            assertThatThrownBy(() -> Mp4Parser.parseMoof(in, 7, 100_000)).isInstanceOfSatisfying(
                MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.LIMIT_EXCEEDED);
                    assertThat(e.offset()).isEqualTo(7);
                    assertThat(e.getMessage()).contains("more than 100000 samples");
                });
        } finally {
            in.release();
        }
    }
}
