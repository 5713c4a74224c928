package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cmaf frame writer: the three ways a fragment's head is made give the frame's exact bytes. */
class CmafFrameTest {
    private static final long[] DURATIONS = {1001, 1001};
    private static final long[] SIZES = {3, 2};
    private static final int[] FLAGS = {0x02000000, 0x01010000};
    private static final long[] OFFSETS = {0, 2002};

    @Test
    void aRebuiltHeadIsTheBoxWritersFragmentHeaderThenTheSamples() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackProducer track = broadcast.createTrack(new Track("0.m4s", 0));
            GroupProducer group = track.appendGroup();
            FrameProducer frame = CmafFrame.beginRebuilt(group, 40_000, Bufs.ALLOC, 7, 1, 90_000, 2,
                DURATIONS, SIZES, FLAGS, OFFSETS, 5);
            frame.write(Bufs.ofHex("aabbcc"));
            frame.write(Bufs.ofHex("ddee"));
            frame.finish();
            group.finish();
            track.finish();

            ByteBuf expected = Bufs.ALLOC.buffer();
            BoxWriter.writeFragmentHeader(expected, 7, 1, 90_000, 2, DURATIONS, SIZES, FLAGS, OFFSETS, 5);
            expected.writeBytes(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee});
            List<List<byte[]>> frames = broadcast.frames("0.m4s");
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0)).hasSize(1);
            assertThat(frames.get(0).get(0)).isEqualTo(ByteBufUtil.getBytes(expected));
            expected.release();
        }
    }

    @Test
    void aPassedThroughHeadKeepsTheSourceBytesAndAWholeFragmentIsOneFrame() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackProducer track = broadcast.createTrack(new Track("0.m4s", 0));
            GroupProducer group = track.appendGroup();
            FrameProducer frame = CmafFrame.beginPassthrough(group, 0, Bufs.ofHex("0000000a6d6f6f660102"),
                Bufs.ofHex("0000000b6d646174"), 3);
            frame.write(Bufs.ofHex("010203"));
            frame.finish();
            CmafFrame.writeWhole(group, 33_366, Bufs.ofHex("0000000a6d6f6f6601020000000b6d646174040506"));
            group.finish();
            track.finish();

            List<byte[]> frames = broadcast.frames("0.m4s").get(0);
            assertThat(ByteBufUtil.hexDump(frames.get(0))).isEqualTo("0000000a6d6f6f6601020000000b6d646174010203");
            assertThat(ByteBufUtil.hexDump(frames.get(1))).isEqualTo("0000000a6d6f6f6601020000000b6d646174040506");
        }
    }

    @Test
    void aRefusedFrameReleasesTheHeadItWasGiven() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            TrackProducer track = broadcast.createTrack(new Track("0.m4s", 0));
            GroupProducer group = track.appendGroup();
            group.finish();
            ByteBuf moof = Bufs.ofHex("0000000a6d6f6f660102");
            ByteBuf mdatHeader = Bufs.ofHex("0000000b6d646174");
            assertThatThrownBy(() -> CmafFrame.beginPassthrough(group, 0, moof, mdatHeader, 3))
                .isInstanceOfSatisfying(MoqMuxException.class,
                    e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
            assertThat(moof.refCnt()).isZero();
            assertThat(mdatHeader.refCnt()).isZero();
            assertThatThrownBy(() -> CmafFrame.beginRebuilt(group, 0, Bufs.ALLOC, 1, 1, -1, 2,
                DURATIONS, SIZES, FLAGS, OFFSETS, 5)).isInstanceOf(IllegalArgumentException.class);
            track.finish();
        }
    }
}
