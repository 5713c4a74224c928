package io.github.moqmux.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DiscardingBroadcastTest {

    @Test
    void countsGroupsFramesAndBytesPerTrackAndReleasesAtOnce() {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        TrackProducer video = broadcast.uniqueTrack(".hang");
        TrackProducer audio = broadcast.uniqueTrack(".hang");

        GroupProducer g0 = video.appendGroup();
        ByteBuf first = Bufs.ofHex("010203");
        g0.writeFrame(first);
        assertThat(first.refCnt()).as("released on write").isZero();
        FrameProducer chunked = g0.createFrame(5);
        ByteBuf chunk = Bufs.ofHex("0405");
        chunked.write(chunk);
        assertThat(chunk.refCnt()).isZero();
        chunked.write(Bufs.ofHex("060708"));
        chunked.finish();
        g0.finish();
        video.appendGroup().finish();
        video.finish();

        GroupProducer a0 = audio.appendGroup();
        a0.writeFrame(Bufs.ofHex("ff"));
        FrameProducer abandoned = a0.createFrame(2);
        abandoned.write(Bufs.ofHex("ee"));
        abandoned.abort(new RuntimeException("cut"));
        a0.finish();

        assertThat(broadcast.trackNames()).containsExactly("0.hang", "1.hang");
        assertThat(broadcast.hasTrack("1.hang")).isTrue();
        assertThat(broadcast.groups("0.hang")).isEqualTo(2);
        assertThat(broadcast.frames("0.hang")).isEqualTo(2);
        assertThat(broadcast.bytes("0.hang")).isEqualTo(8);
        assertThat(broadcast.groups("1.hang")).isEqualTo(1);
        assertThat(broadcast.frames("1.hang")).as("aborted frames do not count").isEqualTo(1);
        assertThat(broadcast.bytes("1.hang")).isEqualTo(1);
        assertThat(broadcast.totalFrames()).isEqualTo(3);
        assertThat(broadcast.totalBytes()).isEqualTo(9);
    }

    @Test
    void enforcesTheSameProducerContract() {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        TrackProducer track = broadcast.createTrack(new Track("t", 0));
        assertIllegalState(() -> broadcast.createTrack(new Track("t", 1)));
        assertIllegalState(() -> broadcast.groups("nope"));

        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(2);
        ByteBuf tooBig = Bufs.ofHex("010203");
        assertIllegalState(() -> frame.write(tooBig));
        assertThat(tooBig.refCnt()).isZero();
        frame.write(Bufs.ofHex("01"));
        assertIllegalState(frame::finish);
        assertIllegalState(group::finish);
        frame.write(Bufs.ofHex("02"));
        frame.finish();
        ByteBuf late = Bufs.ofHex("03");
        assertIllegalState(() -> frame.write(late));
        assertThat(late.refCnt()).isZero();
        group.finish();
        assertIllegalState(() -> group.createFrame(1));
        track.finish();
        assertIllegalState(track::appendGroup);
        assertThat(broadcast.bytes("t")).isEqualTo(2);
    }

    private static void assertIllegalState(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MoqMuxException.class,
                e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
    }
}
