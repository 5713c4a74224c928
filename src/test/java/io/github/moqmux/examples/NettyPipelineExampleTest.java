package io.github.moqmux.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.lite.MemoryBroadcast;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Fmp4FrameDecoder} in a real Netty pipeline, fed the way a socket would feed it. */
class NettyPipelineExampleTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 188, 1400, 65536})
    void aDecoderInAPipelinePublishesTheSameBroadcastAsOneWholeImport(int chunk) {
        Fixture fixture = Fixture.load("h264_aac");
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast);
             Imports.Result expected = Imports.whole(fixture.bytes, Fmp4Config.defaults())) {
            EmbeddedChannel channel = new EmbeddedChannel(
                new Fmp4FrameDecoder(broadcast, catalog, Fmp4Config.defaults()));
            for (int offset = 0; offset < fixture.bytes.length; offset += chunk) {
                int n = Math.min(chunk, fixture.bytes.length - offset);
                // A pooled buffer, as a socket read gives: leak-tracked, and released by the decoder.
                ByteBuf read = channel.alloc().buffer(n).writeBytes(fixture.bytes, offset, n);
                assertThat(channel.writeInbound(read)).isFalse();   // no messages: the output is the broadcast
            }
            String catalogBeforeClose = catalog.current().toJson();
            assertThat(channel.finish()).isFalse();                 // decodeLast: finish() every track

            assertThat(catalogBeforeClose).isEqualTo(expected.catalogJson());
            for (String track : List.of("0.hang", "1.hang")) {
                assertThat(broadcast.isFinished(track)).isTrue();
                assertThat(sizes(broadcast.frames(track))).isEqualTo(sizes(expected.broadcast().frames(track)));
                assertThat(flatten(broadcast.frames(track))).containsExactlyElementsOf(
                    flatten(expected.broadcast().frames(track)));
            }
            // handlerRemoved closed the importer: its renditions left the catalog.
            assertThat(catalog.current().video().renditions()).isEmpty();
            assertThat(catalog.current().audio().renditions()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aConnectionThatClosesInsideABoxFailsWithTheOffset() {
        Fixture fixture = Fixture.load("h264_aac");
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast)) {
            EmbeddedChannel channel = new EmbeddedChannel(
                new Fmp4FrameDecoder(broadcast, catalog, Fmp4Config.defaults()));
            channel.writeInbound(channel.alloc().buffer().writeBytes(Arrays.copyOf(fixture.bytes, 5000)));
            assertThatThrownBy(channel::finish)
                .isInstanceOf(DecoderException.class)
                .cause().isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.TRUNCATED);
                    assertThat(e.getMessage()).contains("connection closed inside a box");
                });
        }
    }

    private static List<Integer> sizes(List<List<byte[]>> groups) {
        return groups.stream().map(List::size).toList();
    }

    private static List<String> flatten(List<List<byte[]>> groups) {
        return groups.stream().flatMap(List::stream).map(Arrays::toString).toList();
    }
}
