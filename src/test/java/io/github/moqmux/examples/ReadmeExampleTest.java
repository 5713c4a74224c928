package io.github.moqmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.GroupConsumer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.TrackConsumer;
import io.netty.buffer.ByteBuf;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedding example of README.md, kept compiling and running. */
class ReadmeExampleTest {
    @Test
    void embeddingExampleWorksAsWritten() throws Exception {
        String json;
        long firstTimestamp;
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
             InputStream in = Files.newInputStream(Path.of("testdata/h264_aac.mp4"))) {
            importer.decodeFrom(in);
            importer.finish();
            json = catalog.current().toJson();
            TrackConsumer video = broadcast.subscribe("0.hang");
            GroupConsumer group = video.nextGroup(Duration.ofSeconds(1));
            ByteBuf frame = group.nextFrame(Duration.ofSeconds(1));
            try (LegacyFrame decoded = LegacyFrame.decode(frame)) {
                firstTimestamp = decoded.timestampMicros();
            }
            frame.release();
        }
        assertThat(json).contains("\"0.hang\"", "\"avc1.64000d\"");
        assertThat(firstTimestamp).isEqualTo(66_666);
    }
}
