package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §6: an AV1 track whose {@code av1C} is empty is validated only when its first sequence
 * header is read from a sample. When that validation fails, the sample's slice of the caller's
 * buffer must still be released, so the caller's own release brings the buffer to 0.
 */
class ResolveLeakTest {

    @Test
    void aRenditionThatFailsAtTheFirstSequenceHeaderReleasesTheSampleSlice() {
        byte[] bytes = Fixture.load("av1_empty_av1c").bytes.clone();
        // VisualSampleEntry: 8 header + 6 reserved + 2 index + 16 predefined, then width (2), height (2).
        int entry = find(bytes, "av01").offset();
        bytes[entry + 34] = 0;
        bytes[entry + 35] = 0;
        ByteBuf input = Bufs.ALLOC.directBuffer(bytes.length).writeBytes(bytes);
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED));
        } finally {
            broadcast.close();
        }
        assertThat(input.refCnt()).as("only the caller's reference is left").isEqualTo(1);
        input.release();
    }
}
