package io.github.moqmux.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 10 §3: MemoryBroadcast keeps a time window per track, by frame timestamps or wall clock. */
class MemoryBroadcastWindowTest {
    private static final Duration NOW = Duration.ZERO;

    /** Writes one finished group of one-byte frames at these timestamps (µs). */
    private static void group(TrackProducer track, List<ByteBuf> written, long... timestamps) {
        GroupProducer group = track.appendGroup();
        for (long ts : timestamps) {
            ByteBuf header = Bufs.of((byte) group.sequence());
            ByteBuf payload = Bufs.of((byte) (ts / 1_000_000));
            written.add(header);
            written.add(payload);
            group.writeFrame(ts, header, payload);
        }
        group.finish();
    }

    private static List<Long> firstBytes(MemoryBroadcast broadcast) {
        List<Long> out = new ArrayList<>();
        for (List<byte[]> g : broadcast.frames("0.hang")) {
            out.add((long) g.get(0)[0]);
        }
        return out;
    }

    @Test
    void groupsOlderThanTheWindowByFrameTimestampsAreReleased() throws Exception {
        List<ByteBuf> written = new ArrayList<>();
        // The wall clock never moves: only media time may release anything.
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingWindow(Duration.ofSeconds(2), () -> 0L)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            TrackConsumer early = broadcast.subscribe("0.hang");
            group(track, written, 0, 500_000);              // group 0 starts at 0 s
            group(track, written, 1_000_000, 1_500_000);    // group 1 at 1 s
            group(track, written, 2_000_000, 2_500_000);    // group 2 at 2 s; now 2.5 s
            // Group 0 started 2.5 s before the newest timestamp: out of the 2 s window.
            assertThat(firstBytes(broadcast)).containsExactly(1L, 2L);
            assertThat(written.subList(0, 4)).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            assertThat(written.subList(4, 12)).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));

            // A frame with a newer timestamp moves "now" on even before its group ends.
            GroupProducer open = track.appendGroup();
            ByteBuf late = Bufs.of((byte) 3);
            written.add(late);
            open.writeFrame(4_100_000, late.retainedSlice(), Bufs.of());
            late.release();
            assertThat(firstBytes(broadcast)).as("groups 1 and 2 started over 2 s before 4.1 s")
                .containsExactly(3L);

            // A reader that fell behind continues at the oldest group kept.
            assertThat(early.nextGroup(NOW).sequence()).isEqualTo(3);
            open.finish();
            track.finish();
        }
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void groupsWithoutTimestampsAreJudgedByWallClock() {
        AtomicLong nanos = new AtomicLong();
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingWindow(Duration.ofSeconds(1), nanos::get)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            for (int g = 0; g < 4; g++) {
                GroupProducer group = track.appendGroup();
                group.writeFrame(Bufs.of((byte) g));        // no timestamp: a catalog-like track
                group.finish();
                nanos.addAndGet(600_000_000L);              // 0.6 s between appends
            }
            // Appended at 0, 0.6, 1.2, 1.8 s: group 0 is 1.8 s older than the newest, group 1 1.2 s.
            assertThat(firstBytes(broadcast)).containsExactly(2L, 3L);
            track.finish();
        }
    }

    @Test
    void theOpenGroupAndTheNewestAreKeptEvenWithAZeroWindow() {
        AtomicLong nanos = new AtomicLong();
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingWindow(Duration.ZERO, nanos::get)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            GroupProducer open = track.appendGroup();
            open.writeFrame(0, Bufs.of(), Bufs.of((byte) 0));
            nanos.addAndGet(1_000_000_000L);
            group(track, new ArrayList<>(), 5_000_000);
            assertThat(broadcast.frames("0.hang")).as("group 0 is still open").hasSize(2);
            open.finish();
            group(track, new ArrayList<>(), 6_000_000);
            assertThat(firstBytes(broadcast)).containsExactly(2L);
            track.finish();
        }
    }

    @Test
    void aGroupCountReleasesOnAppendOnlyAsBeforeEvenWithTimestamps() {
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingLastGroups(1)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            GroupProducer first = track.appendGroup();
            GroupProducer second = track.appendGroup();
            first.finish();
            second.writeFrame(9_000_000, Bufs.of((byte) 1), Bufs.of());
            assertThat(broadcast.frames("0.hang")).as("no append since group 0 ended").hasSize(2);
            second.finish();
            track.appendGroup().finish();
            assertThat(broadcast.frames("0.hang")).hasSize(1);
            track.finish();
        }
    }

    @Test
    void theDefaultKeepsEverything() {
        List<ByteBuf> written = new ArrayList<>();
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            for (int g = 0; g < 5; g++) {
                group(track, written, g * 10_000_000L);
            }
            assertThat(broadcast.frames("0.hang")).hasSize(5);
            assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
            track.finish();
        }
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> MemoryBroadcast.keepingWindow(Duration.ofMillis(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
