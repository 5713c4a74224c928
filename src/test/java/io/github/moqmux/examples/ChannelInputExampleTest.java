package io.github.moqmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/** The README's "InputStream and FileChannel" snippets, kept compiling and running. */
class ChannelInputExampleTest {
    private static final Path CLIP = Path.of("testdata/vp9_opus.mp4");

    @Test
    void aFileChannelThroughChannelsNewInputStream() throws Exception {
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
             FileChannel channel = FileChannel.open(CLIP, StandardOpenOption.READ)) {
            importer.decodeFrom(Channels.newInputStream(channel));
            importer.finish();
            assertSameAsWholeImport(broadcast, catalog);
        }
    }

    @Test
    void aFileChannelReadIntoOneGrowingByteBuf() throws Exception {
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
             FileChannel channel = FileChannel.open(CLIP, StandardOpenOption.READ)) {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(64 * 1024);
            try {
                while (buffer.writeBytes(channel, 64 * 1024) >= 0) {   // -1 at the end of the file
                    importer.decode(buffer);
                    if (buffer.refCnt() == 1) {      // no frame holds a slice: safe to compact
                        buffer.discardReadBytes();
                    } else if (buffer.writableBytes() < 64 * 1024) {
                        ByteBuf fresh = PooledByteBufAllocator.DEFAULT.buffer(buffer.readableBytes() + 64 * 1024);
                        fresh.writeBytes(buffer);    // frames keep the old buffer alive
                        buffer.release();
                        buffer = fresh;
                    }
                    buffer.ensureWritable(64 * 1024);
                }
                assertThat(buffer.isReadable()).as("no truncated box at the end").isFalse();
            } finally {
                buffer.release();
            }
            importer.finish();
            assertSameAsWholeImport(broadcast, catalog);
        }
    }

    private static void assertSameAsWholeImport(MemoryBroadcast broadcast, CatalogProducer catalog) {
        try (Imports.Result expected = Imports.whole(Fixture.load("vp9_opus").bytes, Fmp4Config.defaults())) {
            assertThat(catalog.current().toJson()).isEqualTo(expected.catalogJson());
            for (String track : expected.broadcast().trackNames()) {
                if (track.startsWith("catalog")) {
                    continue;
                }
                assertThat(broadcast.frames(track)).as(track).hasSameSizeAs(expected.broadcast().frames(track));
                var got = broadcast.frames(track);
                var want = expected.broadcast().frames(track);
                for (int g = 0; g < got.size(); g++) {
                    assertThat(got.get(g)).usingElementComparator(java.util.Arrays::compare)
                        .containsExactlyElementsOf(want.get(g));
                }
            }
        }
    }
}
