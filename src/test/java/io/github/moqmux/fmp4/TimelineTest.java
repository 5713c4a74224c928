package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.mp4.ElstEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void withoutEditListTicksScaleToMicrosecondsRoundingDown() {
        Timeline t = Timeline.of(90_000, 1000, List.of(), 0);
        assertThat(t.toMicros(0, 0, 0)).isEqualTo(0);
        assertThat(t.toMicros(3003, 0, 0)).isEqualTo(33_366); // 33366.66 µs
        assertThat(t.shiftMicros(0)).isZero();
    }

    @Test
    void mediaTimeMovesSamplesEarlierAndTheBroadcastOffsetKeepsThemPositive() {
        // AAC priming: 1024 samples at 48 kHz skipped by the edit list.
        Timeline audio = Timeline.of(48_000, 1000, List.of(new ElstEntry(2000, 1024, 1, 0)), 0);
        assertThat(audio.shiftMicros(0)).isEqualTo(21_334); // 21333.3 rounded up
        long offset = audio.shiftMicros(0);
        assertThat(audio.toMicros(1024, offset, 0)).isEqualTo(offset);
        assertThat(audio.toMicros(0, offset, 0)).isEqualTo(offset - 21_334);
        assertThat(audio.toMicros(0, offset, 0)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void leadingEmptyEditDelaysTheTrack() {
        Timeline t = Timeline.of(1000, 600, List.of(new ElstEntry(60, -1, 1, 0), new ElstEntry(5000, 0, 1, 0)), 0);
        assertThat(t.emptyEditTicks()).isEqualTo(100);
        assertThat(t.shiftMicros(0)).isEqualTo(-100_000);
        assertThat(t.toMicros(0, 0, 0)).isEqualTo(100_000);
    }

    @Test
    void emptyEditsRoundToTheNearestTrackTickAsFfmpegDoes() {
        // HLS init from ffmpeg: 66 ms empty edit (movie timescale 1000) on a 15360 Hz track = 1013.76 ticks.
        Timeline video = Timeline.of(15_360, 1000, List.of(new ElstEntry(66, -1, 1, 0), new ElstEntry(0, 1024, 1, 0)), 0);
        assertThat(video.emptyEditTicks()).isEqualTo(1014);
        assertThat(video.toMicros(1024, 0, 0)).isEqualTo(66_015); // 1014 ticks
    }

    @Test
    void negativeResultIsABadTimestampWithTheOffset() {
        Timeline t = Timeline.of(1000, 1000, List.of(new ElstEntry(0, 500, 1, 0)), 0);
        assertThatThrownBy(() -> t.toMicros(100, 0, 4242))
            .isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.BAD_TIMESTAMP);
                assertThat(e.offset()).isEqualTo(4242);
            });
    }

    @Test
    void zeroTimescaleIsRejected() {
        assertThatThrownBy(() -> Timeline.of(0, 1000, List.of(), 77))
            .isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.BAD_TIMESTAMP);
                assertThat(e.offset()).isEqualTo(77);
            });
    }

    @Test
    void scalingNeverOverflowsSilently() {
        // The largest tick value at a 32-bit timescale converts exactly...
        long ts = 0xFFFF_FFFFL;
        assertThat(Timeline.scaleFloor(Long.MAX_VALUE, 1_000_000, ts, 0))
            .isEqualTo(new java.math.BigInteger(Long.toString(Long.MAX_VALUE)).multiply(java.math.BigInteger.valueOf(1_000_000))
                .divide(java.math.BigInteger.valueOf(ts)).longValueExact());
        // ...and a result beyond 64 bits is an error, not a wrapped number.
        assertThatThrownBy(() -> Timeline.scaleFloor(Long.MAX_VALUE, 1_000_000, 1, 9))
            .isInstanceOfSatisfying(MoqMuxException.class, e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.BAD_TIMESTAMP));
    }

    @Test
    void decodeTimeDeltaMatchesTheMicrosecondShift() {
        Timeline video = Timeline.of(15_360, 1000, List.of(new ElstEntry(0, 1024, 1, 0)), 0);
        long offset = 66_667;
        long delta = video.decodeTimeDelta(offset, 0);
        // A sample at pts P presents at (P + delta) / timescale in the fragment, and at toMicros(P) in legacy.
        long pts = 5120;
        long cmafMicros = Timeline.scaleFloor(pts + delta, 1_000_000, 15_360, 0);
        assertThat(Math.abs(cmafMicros - video.toMicros(pts, offset, 0))).isLessThanOrEqualTo(1);
    }
}
