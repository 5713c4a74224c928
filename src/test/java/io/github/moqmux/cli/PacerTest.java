package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The pacer holds media until its clock starts, then releases each frame at its timestamp. */
class PacerTest {
    private static ByteBuf bytes(int... b) {
        ByteBuf buf = Bufs.ALLOC.buffer(b.length);
        for (int x : b) {
            buf.writeByte(x);
        }
        return buf;
    }

    private static int frames(MemoryBroadcast b, String track) {
        return b.frames(track).stream().mapToInt(List::size).sum();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(end);
            Thread.sleep(2);
        }
    }

    @Test
    void catalogAtOnceMediaAtItsPaceOnceStarted() throws Exception {
        try (MemoryBroadcast target = new MemoryBroadcast()) {
            Pacer pacer = new Pacer(target, 10_000_000, 64 << 20, 0);
            try {
                TrackProducer catalog = pacer.createTrack(new Track("catalog.json", 100));
                TrackProducer video = pacer.createTrack(new Track("0.hang", 0));
                GroupProducer c = catalog.appendGroup();
                c.writeFrame(bytes('{', '}'));
                c.finish();
                GroupProducer g = video.appendGroup();
                assertThat(g.sequence()).isZero();
                g.writeFrame(1_000_000, bytes(), bytes(1));
                g.writeFrame(1_300_000, bytes(), bytes(2));
                g.finish();
                video.finish();
                pacer.endOfInput();

                await(() -> frames(target, "catalog.json") == 1);
                Thread.sleep(300);
                assertThat(frames(target, "0.hang")).as("no media before the clock starts").isZero();
                assertThat(pacer.started()).isFalse();

                long start = System.nanoTime();
                pacer.requestStart();
                await(() -> frames(target, "0.hang") == 1);
                await(() -> frames(target, "0.hang") == 2);
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(elapsedMillis).as("the second frame is 300 ms after the first").isGreaterThanOrEqualTo(295);
                pacer.drain();
                await(() -> target.isFinished("0.hang"));
                assertThat(target.frames("0.hang").get(0).get(1)).containsExactly(2);
            } finally {
                pacer.close();
            }
        }
    }
}
