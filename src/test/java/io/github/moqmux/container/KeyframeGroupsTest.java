package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.GroupConsumer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.TrackConsumer;
import io.github.moqmux.testing.Bufs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class KeyframeGroupsTest {

    @Test
    void eachKeyframeStartsAGroupAndOtherFramesJoinIt() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            List<Long> sequences = new ArrayList<>();
            //      frame: 0     1      2      3     4      5     6
            boolean[] key = {true, false, false, true, false, true, true};
            for (int i = 0; i < key.length; i++) {
                GroupProducer group = groups.groupFor(key[i]);
                sequences.add(group.sequence());
                LegacyFrame.write(group, i, Bufs.of((byte) i));
            }
            groups.finish();

            assertThat(sequences).containsExactly(0L, 0L, 0L, 1L, 1L, 2L, 3L);
            List<List<byte[]>> frames = broadcast.frames("0.hang");
            assertThat(frames).extracting(List::size).containsExactly(3, 2, 1, 1);
            // Frame 3 (the second keyframe) opens group 1: header 0x03, payload 0x03.
            assertThat(frames.get(1).get(0)).containsExactly(3, 3);
            assertThat(broadcast.isFinished("0.hang")).isTrue();
        }
    }

    @Test
    void aKeyframeFinishesThePreviousGroupBeforeAppendingTheNext() throws Exception {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            groups.groupFor(true);
            groups.groupFor(true);

            TrackConsumer consumer = broadcast.subscribe("0.hang");
            GroupConsumer first = consumer.nextGroup(Duration.ZERO);
            assertThat(first.nextFrame(Duration.ZERO)).as("group 0 has ended").isNull();
            GroupConsumer second = consumer.nextGroup(Duration.ZERO);
            assertThat(second.sequence()).isEqualTo(1);
            assertThat(groups.current().sequence()).isEqualTo(1);
            assertThatThrownBy(() -> second.nextFrame(Duration.ZERO))
                    .as("group 1 is still open").isInstanceOf(TimeoutException.class);
            groups.finish();
            assertThat(second.nextFrame(Duration.ZERO)).isNull();
        }
    }

    @Test
    void framesBeforeTheFirstKeyframeGetNoGroup() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            assertThat(groups.groupFor(false)).isNull();
            assertThat(groups.groupFor(false)).isNull();
            assertThat(groups.current()).isNull();
            assertThat(groups.groupFor(true).sequence()).isZero();
            groups.finish();
            assertThat(broadcast.frames("0.hang")).hasSize(1);
        }
    }

    @Test
    void finishWithoutAnyGroupFinishesTheTrack() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            groups.finish();
            groups.finish();
            assertThat(broadcast.isFinished("0.hang")).isTrue();
            assertThat(broadcast.frames("0.hang")).isEmpty();
        }
    }

    @Test
    void abortEndsTheOpenGroupAndTheTrackWithTheCause() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            LegacyFrame.write(groups.groupFor(true), 0, Bufs.of((byte) 1));
            RuntimeException cause = new RuntimeException("input broke");
            groups.abort(cause);
            groups.abort(cause);

            assertThat(broadcast.abortCause("0.hang")).isSameAs(cause);
            assertThat(broadcast.frames("0.hang").get(0)).as("finished frames stay readable").hasSize(1);
            assertThatThrownBy(() -> groups.groupFor(true))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
        }
    }

    @Test
    void noGroupsAfterFinish() {
        try (MemoryBroadcast broadcast = new MemoryBroadcast()) {
            KeyframeGroups groups = new KeyframeGroups(broadcast.uniqueTrack(".hang"));
            groups.finish();
            assertThatThrownBy(() -> groups.groupFor(false))
                    .isInstanceOfSatisfying(MoqMuxException.class,
                            e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
        }
    }
}
