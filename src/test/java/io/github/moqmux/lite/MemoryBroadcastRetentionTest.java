package io.github.moqmux.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10 §3: a long stream into a MemoryBroadcast with a retention limit does not grow memory. */
class MemoryBroadcastRetentionTest {
    private static final Duration NOW = Duration.ZERO;

    private static void group(TrackProducer track, List<ByteBuf> written, int frames) {
        GroupProducer group = track.appendGroup();
        for (int i = 0; i < frames; i++) {
            ByteBuf frame = Bufs.of((byte) group.sequence(), (byte) i);
            written.add(frame);
            group.writeFrame(frame);
        }
        group.finish();
    }

    @Test
    void onlyTheLastGroupsAreKeptAndOlderOnesAreReleased() throws Exception {
        List<ByteBuf> written = new ArrayList<>();
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingLastGroups(2)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            TrackConsumer early = broadcast.subscribe("0.hang");
            for (int g = 0; g < 5; g++) {
                group(track, written, 3);
            }
            // Groups 0..2 ended and fell out of the window: their frames are released now.
            assertThat(written.subList(0, 9)).allSatisfy(b -> assertThat(b.refCnt()).isZero());
            assertThat(written.subList(9, 15)).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));
            List<List<byte[]>> kept = broadcast.frames("0.hang");
            assertThat(kept).hasSize(2);
            assertThat(kept.get(0).get(0)).containsExactly(3, 0);

            // A subscriber that fell behind continues at the oldest group kept.
            GroupConsumer oldest = early.nextGroup(NOW);
            assertThat(oldest.sequence()).isEqualTo(3);
            ByteBuf frame = oldest.nextFrame(NOW);
            assertThat(frame.getByte(0)).isEqualTo((byte) 3);
            frame.release();
            assertThat(early.nextGroup(NOW).sequence()).isEqualTo(4);

            // A reader of a group that is then released fails instead of reading freed memory.
            group(track, written, 1);
            group(track, written, 1);
            assertThatThrownBy(() -> oldest.nextFrame(NOW)).isInstanceOf(MoqMuxException.class)
                .hasMessageContaining("retention");
            track.finish();
        }
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void theOpenGroupIsNeverReleased() {
        try (MemoryBroadcast broadcast = MemoryBroadcast.keepingLastGroups(1)) {
            TrackProducer track = broadcast.uniqueTrack(".hang");
            GroupProducer open = track.appendGroup();
            GroupProducer next = track.appendGroup();
            open.writeFrame(Bufs.of((byte) 1));
            open.finish();
            next.finish();
            assertThat(broadcast.frames("0.hang")).hasSize(2);
            track.appendGroup().finish();
            assertThat(broadcast.frames("0.hang")).hasSize(1);
            track.finish();
        }
    }
}
