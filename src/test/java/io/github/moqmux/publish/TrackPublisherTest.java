package io.github.moqmux.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.AudioCodec;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.catalog.VideoCodec;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 §2: a track published from hand-made samples, with no MP4 anywhere: what an Annex B or
 * MPEG-TS importer would do with its parser's output.
 */
class TrackPublisherTest {
    private static final VideoConfig H264 = VideoConfig.of(new VideoCodec.H264(false, 0x64, 0, 0x1f))
        .withCodedSize(1280, 720);
    private static final AudioConfig AAC = AudioConfig.of(new AudioCodec.Aac(0x40, 2), 48_000, 2);

    private static ByteBuf sample(int id, int size) {
        ByteBuf b = Bufs.ALLOC.buffer(size);
        for (int i = 0; i < size; i++) {
            b.writeByte(id);
        }
        return b;
    }

    @Test
    void aVideoTrackFromHandMadeSamples() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast();
             CatalogProducer catalog = new CatalogProducer(broadcast)) {
            TrackPublisher video = TrackPublisher.video(broadcast.uniqueTrack(".hang"), H264, 90_000, true);
            catalog.update(video::putInto);
            // 29.97 fps: 3003 ticks at 90 kHz = 33 366.7 µs. Two samples before the first keyframe,
            // then two GOPs of three; the second GOP's B-frame comes one frame late (reordered).
            long step = 33_367;
            ByteBuf leaked1 = sample(0xE0, 10);
            ByteBuf leaked2 = sample(0xE1, 10);
            video.sample(0, false, 3003, leaked1);
            video.sample(step, false, 3003, leaked2);
            assertThat(leaked1.refCnt()).as("dropped samples are released").isZero();
            assertThat(leaked2.refCnt()).isZero();
            video.sample(2 * step, true, 3003, sample(1, 100));
            video.sample(3 * step, false, 3003, sample(2, 20));
            video.sample(4 * step, false, 3003, sample(3, 20));
            video.endFragment();
            assertThat(video.takeRenditionChange()).isTrue();
            catalog.update(video::putInto);
            video.sample(5 * step, true, 3003, sample(4, 100));
            video.sample(7 * step, false, 3003, sample(5, 20));
            video.sample(6 * step, false, 3003, sample(6, 20));
            video.endFragment();
            assertThat(video.takeRenditionChange()).as("the reorder made the jitter grow").isTrue();
            catalog.update(video::putInto);
            video.finish();

            List<List<byte[]>> groups = broadcast.frames("0.hang");
            assertThat(groups).hasSize(2);
            assertThat(groups.get(0)).hasSize(3);
            assertThat(groups.get(1)).hasSize(3);
            try (LegacyFrame first = LegacyFrame.decode(Unpooled.wrappedBuffer(groups.get(1).get(1)))) {
                assertThat(first.timestampMicros()).isEqualTo(7 * step);
                assertThat(first.payload().readableBytes()).isEqualTo(20);
                assertThat(first.payload().getByte(0)).isEqualTo((byte) 5);
            }
            assertThat(broadcast.isFinished("0.hang")).isTrue();

            assertThat(video.samples()).isEqualTo(6);
            assertThat(video.droppedSamples()).isEqualTo(2);
            assertThat(video.bytes()).isEqualTo(280);
            assertThat(video.groupCount()).isEqualTo(2);
            assertThat(video.frameCount()).isEqualTo(6);
            assertThat(video.firstTimestampMicros()).isEqualTo(2 * step);
            assertThat(video.lastTimestampMicros()).isEqualTo(6 * step);
            Catalog announced = catalog.current();
            VideoConfig rendition = announced.video().renditions().get("0.hang");
            assertThat(rendition.framerate()).isEqualTo(90_000.0 / 3003);
            // One frame of reordering plus the frame step, rounded up to whole milliseconds.
            assertThat(rendition.jitter()).isEqualTo(67L);
        }
    }

    @Test
    void anAudioTrackIsGroupedByDuration() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackPublisher audio = TrackPublisher.audio(broadcast.uniqueTrack(".hang"), AAC, 48_000, 100_000, true);
            // AAC frames: 1024 samples at 48 kHz = 21 333 µs; 5 fit a 100 ms group (see DurationGroups).
            for (int i = 0; i < 12; i++) {
                audio.sample(i * 21_333L, true, 1024, sample(i, 8));
            }
            audio.endFragment();
            audio.finish();
            List<List<byte[]>> groups = broadcast.frames("0.hang");
            assertThat(groups).extracting(List::size).containsExactly(5, 5, 2);
            assertThat(audio.droppedSamples()).isZero();
            assertThat(audio.putInto(Catalog.empty()).audio().renditions().get("0.hang").codec())
                .isEqualTo(AAC.codec());
        }
    }
}
