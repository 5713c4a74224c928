package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.lite.GroupConsumer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.TrackConsumer;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several consumer threads read a {@link MemoryBroadcast} live while one importer writes a long
 * stream: the fixture repeated 25 times, so every repetition's {@code moov} finishes the previous
 * tracks and opens new ones (50 media tracks, about 3 900 frames), fed in small pieces through a
 * cumulation buffer as a network decoder would. Each consumer must see every frame of every
 * track exactly once, in order, byte for byte what the broadcast stored, and nothing may leak.
 */
class ConcurrentConsumersStressTest {
    private static final int REPEATS = 25;
    private static final int CONSUMERS = 4;

    @Test
    void everyConsumerSeesEveryFrameExactlyOnce() throws Exception {
        byte[] fixture = Fixture.load("h264_aac").bytes;
        MemoryBroadcast broadcast = new MemoryBroadcast();
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
        AtomicBoolean importDone = new AtomicBoolean();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            List<Future<Map<String, List<byte[]>>>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(pool.submit(() -> consume(broadcast, importDone)));
            }

            ByteBuf cumulation = Bufs.ALLOC.buffer(4096);
            try {
                java.util.Random random = new java.util.Random(7);
                for (int r = 0; r < REPEATS; r++) {
                    // Each repetition's moov differs (its mvhd modification time), as an encoder
                    // restart's would: a moov identical to the current one changes nothing (issue 12).
                    int restart = r;
                    byte[] one = Mp4Bytes.patched(fixture,
                        f -> Mp4Bytes.putU32(f, Mp4Bytes.find(f, "mvhd").payload() + 8, restart));
                    for (int at = 0; at < one.length; ) {
                        int n = Math.min(one.length - at, 1 + random.nextInt(8192));
                        if (cumulation.refCnt() == 1) {
                            cumulation.discardReadBytes();
                        } else if (cumulation.writableBytes() < n) {
                            ByteBuf fresh = Bufs.ALLOC.buffer(2 * (cumulation.readableBytes() + n));
                            fresh.writeBytes(cumulation);
                            cumulation.release();
                            cumulation = fresh;
                        }
                        cumulation.writeBytes(one, at, n);
                        at += n;
                        importer.decode(cumulation);
                    }
                }
                assertThat(cumulation.isReadable()).isFalse();
            } finally {
                cumulation.release();
            }
            importer.finish();
            importDone.set(true);

            Map<String, List<byte[]>> stored = new LinkedHashMap<>();
            for (String name : broadcast.trackNames()) {
                if (name.endsWith(".hang")) {
                    stored.put(name, broadcast.frames(name).stream().flatMap(List::stream).toList());
                }
            }
            assertThat(stored).hasSize(2 * REPEATS);
            assertThat(stored.values().stream().mapToInt(List::size).sum()).isEqualTo(REPEATS * (60 + 95));
            for (Future<Map<String, List<byte[]>>> consumer : consumers) {
                Map<String, List<byte[]>> seen = consumer.get(60, TimeUnit.SECONDS);
                assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(stored.keySet());
                for (Map.Entry<String, List<byte[]>> track : stored.entrySet()) {
                    List<byte[]> got = seen.get(track.getKey());
                    assertThat(got).as(track.getKey()).hasSameSizeAs(track.getValue());
                    for (int i = 0; i < got.size(); i++) {
                        assertThat(got.get(i)).as("%s frame %d", track.getKey(), i).isEqualTo(track.getValue().get(i));
                    }
                }
            }
        } finally {
            importDone.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            broadcast.close();
        }
    }

    /** Subscribes to each media track as it appears and reads it to its end. */
    private static Map<String, List<byte[]>> consume(MemoryBroadcast broadcast, AtomicBoolean importDone)
            throws Exception {
        Map<String, List<byte[]>> seen = new LinkedHashMap<>();
        while (true) {
            boolean done = importDone.get();
            List<String> fresh = broadcast.trackNames().stream()
                .filter(n -> n.endsWith(".hang") && !seen.containsKey(n)).toList();
            if (fresh.isEmpty()) {
                if (done) {
                    return seen;
                }
                Thread.sleep(1);
                continue;
            }
            for (String name : fresh) {
                List<byte[]> frames = new ArrayList<>();
                TrackConsumer track = broadcast.subscribe(name);
                for (GroupConsumer group; (group = track.nextGroup(Duration.ofSeconds(30))) != null; ) {
                    for (ByteBuf frame; (frame = group.nextFrame(Duration.ofSeconds(30))) != null; ) {
                        frames.add(ByteBufUtil.getBytes(frame));
                        frame.release();
                    }
                }
                seen.put(name, frames);
            }
        }
    }
}
