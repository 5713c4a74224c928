package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationGroupsTest {

    /** µs of AAC frame k at 48 kHz: floor(k × 1024 × 1 000 000 / 48 000), as the importer computes. */
    private static long aacAt48k(long k) {
        return k * 1024 * 1_000_000 / 48_000;
    }

    /**
     * 21.333 ms frames, 100 ms maximum. Worked by hand from the rule, for the first group
     * (start 0): after frame n the test is (ts − start) × (n + 1) ≥ 100 000 × n:
     * n=1 ts=0: 0 ≥ 100 000 no; n=2 ts=21 333: 63 999 ≥ 200 000 no; n=3 ts=42 666: 170 664 ≥
     * 300 000 no; n=4 ts=64 000: 320 000 ≥ 400 000 no; n=5 ts=85 333: 511 998 ≥ 500 000 yes.
     * So a group holds 5 frames spanning 85.3 ms of timestamps, and the 6th frame (106.7 ms)
     * starts the next one. The later groups start at 106 666, 213 333, 320 000 and have the same
     * offsets up to one µs of rounding (21 334, 42 667, 64 000, 85 334 → 512 004 ≥ 500 000).
     */
    @Test
    void aacFramesAt48kHzMakeGroupsOfFiveFramesSpanningAbout85ms() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            List<Boolean> groupOpenAfterFrame = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                long ts = aacAt48k(k);
                LegacyFrame.write(groups.groupFor(ts), ts, Bufs.of((byte) k));
                groups.frameWritten(ts);
                groupOpenAfterFrame.add(groups.current() != null);
            }
            // Every 5th frame closes its group at once, without waiting for the next frame.
            assertThat(groupOpenAfterFrame).containsExactly(
                    true, true, true, true, false,
                    true, true, true, true, false,
                    true, true, true, true, false,
                    true, true, true, true, false);
            groups.finish();

            List<List<Long>> timestamps = timestamps(broadcast.frames("0.hang"));
            assertThat(timestamps).containsExactly(
                    List.of(0L, 21_333L, 42_666L, 64_000L, 85_333L),
                    List.of(106_666L, 128_000L, 149_333L, 170_666L, 192_000L),
                    List.of(213_333L, 234_666L, 256_000L, 277_333L, 298_666L),
                    List.of(320_000L, 341_333L, 362_666L, 384_000L, 405_333L));
            assertThat(broadcast.isFinished("0.hang")).isTrue();
        }
    }

    /**
     * Audio with dependent frames (xHE-AAC): sync samples every 8th frame (171 ms apart). A frame
     * that is not a sync sample joins the open group however long it is, is refused (null) while
     * none is open, and once one was seen no group is closed right after a frame: every group
     * starts at a sync sample, here at every one of them.
     */
    @Test
    void framesThatAreNotSyncSamplesNeverStartAGroup() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            assertThat(groups.groupFor(false, 0)).as("no group open: a non-sync frame is refused").isNull();
            for (int k = 0; k < 24; k++) {
                long ts = aacAt48k(k);
                LegacyFrame.write(groups.groupFor(k % 8 == 0, ts), ts, Bufs.of((byte) k));
                groups.frameWritten(ts);
                assertThat(groups.current()).as("open after frame " + k).isNotNull();
            }
            groups.finish();
            List<List<Long>> timestamps = timestamps(broadcast.frames("0.hang"));
            assertThat(timestamps).hasSize(3);
            for (int g = 0; g < 3; g++) {
                assertThat(timestamps.get(g)).hasSize(8).startsWith(aacAt48k(8L * g));
            }
        }
    }

    /** Announced before the first frame, non-sync frames keep the first group open past 100 ms too. */
    @Test
    void expectNonSyncSamplesStopsClosingGroupsRightAfterAFrame() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            groups.expectNonSyncSamples();
            for (int k = 0; k < 6; k++) {
                long ts = aacAt48k(k);
                LegacyFrame.write(groups.groupFor(true, ts), ts, Bufs.of((byte) k));
                groups.frameWritten(ts);
            }
            groups.finish();
            // Frames 0-4 span 85 ms; frame 5 (106.7 ms) is a sync sample and starts the next group.
            assertThat(timestamps(broadcast.frames("0.hang"))).containsExactly(
                    List.of(0L, 21_333L, 42_666L, 64_000L, 85_333L), List.of(106_666L));
        }
    }

    /**
     * 20 ms frames fit exactly: after the 5th frame (ts 80 000) the test is 480 000 ≥ 500 000,
     * false, so the group stays open; the 6th frame at 100 000 is a full 100 ms after the start
     * and groupFor finishes the group before it.
     */
    @Test
    void framesThatDoNotPredictAnOverflowAreCutByGroupFor() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            for (long ts = 0; ts < 240_000; ts += 20_000) {
                LegacyFrame.write(groups.groupFor(ts), ts, Unpooled.EMPTY_BUFFER);
                groups.frameWritten(ts);
                assertThat(groups.current()).as("open after %d", ts).isNotNull();
            }
            groups.finish();

            assertThat(timestamps(broadcast.frames("0.hang"))).containsExactly(
                    List.of(0L, 20_000L, 40_000L, 60_000L, 80_000L),
                    List.of(100_000L, 120_000L, 140_000L, 160_000L, 180_000L),
                    List.of(200_000L, 220_000L));
        }
    }

    @Test
    void aGapOfAtLeastTheMaximumStartsANewGroup() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            long[] ts = {0, 21_333, 121_333, 142_666, 300_000};
            for (long t : ts) {
                LegacyFrame.write(groups.groupFor(t), t, Unpooled.EMPTY_BUFFER);
                groups.frameWritten(t);
            }
            groups.finish();
            // 121 333 is 121 333 after the first group's start: a new group. After 142 666 that
            // group is 21 333 long with 2 frames (63 999 < 200 000), so it stays open until the
            // frame at 300 000, 178 667 after its start, ends it.
            assertThat(timestamps(broadcast.frames("0.hang"))).containsExactly(
                    List.of(0L, 21_333L),
                    List.of(121_333L, 142_666L),
                    List.of(300_000L));
        }
    }

    @Test
    void exactlyTheMaximumAfterTheStartIsAlreadyTooLate() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"), 1_000);
            assertThat(groups.groupFor(5_000).sequence()).isZero();
            groups.frameWritten(5_000);
            assertThat(groups.groupFor(5_999).sequence()).as("999 µs later").isZero();
            // After 2 frames: 999 × 3 ≥ 1 000 × 2, the next frame would overflow.
            groups.frameWritten(5_999);
            assertThat(groups.current()).isNull();
            assertThat(groups.groupFor(6_000).sequence()).isEqualTo(1);
            groups.frameWritten(6_000);
            assertThat(groups.groupFor(7_000).sequence()).as("exactly max later").isEqualTo(2);
            groups.frameWritten(7_000);
            groups.finish();
        }
    }

    @Test
    void theMaximumIsConfigurable() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"), 50_000);
            assertThat(groups.maxGroupDurationMicros()).isEqualTo(50_000);
            for (int k = 0; k < 6; k++) {
                long ts = aacAt48k(k);
                groups.groupFor(ts).writeFrame(Bufs.of((byte) k));
                groups.frameWritten(ts);
            }
            groups.finish();
            // n=2 ts=21 333: 63 999 ≥ 100 000 no; n=3 ts=42 666: 170 664 ≥ 150 000 yes.
            assertThat(broadcast.frames("0.hang")).extracting(List::size).containsExactly(3, 3);
        }
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            assertThat(new DurationGroups(broadcast.uniqueTrack(".hang")).maxGroupDurationMicros())
                    .isEqualTo(DurationGroups.DEFAULT_MAX_GROUP_DURATION_MICROS)
                    .isEqualTo(100_000);
        }
    }

    @Test
    void arithmeticDoesNotOverflowAtTheExtremes() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups huge = new DurationGroups(broadcast.uniqueTrack(".a"), Long.MAX_VALUE);
            huge.groupFor(0);
            huge.frameWritten(0);
            huge.groupFor(Long.MAX_VALUE - 1);
            // (2^63 − 2) × 3 ≥ (2^63 − 1) × 2 holds, but both products overflow a long.
            huge.frameWritten(Long.MAX_VALUE - 1);
            assertThat(huge.current()).isNull();
            huge.finish();

            DurationGroups wide = new DurationGroups(broadcast.uniqueTrack(".b"), 100_000);
            wide.groupFor(Long.MIN_VALUE);
            wide.frameWritten(Long.MIN_VALUE);
            // Long.MAX_VALUE − Long.MIN_VALUE overflows to −1; saturated, it is far beyond max.
            assertThat(wide.groupFor(Long.MAX_VALUE).sequence()).isEqualTo(1);
            wide.frameWritten(Long.MAX_VALUE);
            // Backwards, the difference overflows the other way: never a reason to end a group.
            assertThat(wide.groupFor(Long.MIN_VALUE).sequence()).isEqualTo(1);
            wide.frameWritten(Long.MIN_VALUE);
            assertThat(wide.current()).isNotNull();
            wide.finish();
            assertThat(broadcast.frames("0.b")).hasSize(2);
        }
    }

    @Test
    void misuseIsRejected() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            assertThatThrownBy(() -> new DurationGroups(broadcast.uniqueTrack(".a"), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".b"));
            assertThatThrownBy(() -> groups.frameWritten(0))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
            groups.finish();
            assertThatThrownBy(() -> groups.groupFor(0))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
        }
    }

    @Test
    void abortEndsTheOpenGroupAndTheTrack() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            DurationGroups groups = new DurationGroups(broadcast.uniqueTrack(".hang"));
            groups.groupFor(0).writeFrame(Bufs.of((byte) 1));
            groups.frameWritten(0);
            IllegalStateException cause = new IllegalStateException("boom");
            groups.abort(cause);
            assertThat(broadcast.abortCause("0.hang")).isSameAs(cause);
            assertThat(broadcast.isFinished("0.hang")).isFalse();
            assertThat(groups.current()).isNull();
        }
    }

    private static List<List<Long>> timestamps(List<List<byte[]>> groups) {
        List<List<Long>> result = new ArrayList<>();
        for (List<byte[]> group : groups) {
            List<Long> ts = new ArrayList<>();
            for (byte[] frame : group) {
                var buf = Unpooled.wrappedBuffer(frame);
                ts.add(VarInt.read(buf));
            }
            result.add(ts);
        }
        return result;
    }
}
