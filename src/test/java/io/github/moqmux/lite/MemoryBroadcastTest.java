package io.github.moqmux.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryBroadcastTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MemoryBroadcast broadcast = new MemoryBroadcast();
    private ExecutorService executor;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        broadcast.close();
    }

    // ------------------------------------------------------------------ tracks

    @Test
    void uniqueTrackNumbersFromZeroSkippingTakenNames() {
        assertThat(broadcast.uniqueTrack(".hang").info()).isEqualTo(new Track("0.hang", 0));
        assertThat(broadcast.uniqueTrack(".hang", 7).info()).isEqualTo(new Track("1.hang", 7));
        broadcast.createTrack(new Track("2.m4s", 1));
        broadcast.createTrack(new Track("3.hang", 1));
        assertThat(broadcast.uniqueTrack(".m4s").info().name()).isEqualTo("0.m4s");
        assertThat(broadcast.uniqueTrack(".hang").info().name()).isEqualTo("2.hang");
        assertThat(broadcast.uniqueTrack(".hang").info().name()).isEqualTo("4.hang");

        assertThat(broadcast.trackNames())
                .containsExactly("0.hang", "1.hang", "2.m4s", "3.hang", "0.m4s", "2.hang", "4.hang");
        assertThat(broadcast.hasTrack("3.hang")).isTrue();
        assertThat(broadcast.hasTrack("5.hang")).isFalse();
    }

    @Test
    void duplicateTrackNameIsRejected() {
        broadcast.createTrack(new Track("catalog.json", 100));
        assertIllegalState(() -> broadcast.createTrack(new Track("catalog.json", 1)));
        assertThat(broadcast.trackNames()).containsExactly("catalog.json");
    }

    @Test
    void unknownTracksAreRejectedByConsumers() {
        assertIllegalState(() -> broadcast.subscribe("nope"));
        assertIllegalState(() -> broadcast.frames("nope"));
        assertIllegalState(() -> broadcast.isFinished("nope"));
        assertIllegalState(() -> broadcast.abortCause("nope"));
    }

    // ------------------------------------------------------------------ frames

    @Test
    void framesAreStoredPerGroupInOrder() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer g0 = track.appendGroup();
        g0.writeFrame(Bufs.ofHex("0102"));
        g0.writeFrame(Bufs.ofHex("03"));
        g0.finish();
        GroupProducer g1 = track.appendGroup();
        g1.writeFrame(Bufs.ofHex("04050607"));
        g1.finish();
        track.finish();

        assertThat(g0.sequence()).isZero();
        assertThat(g1.sequence()).isEqualTo(1);
        assertThat(hex(broadcast.frames("0.hang")))
                .containsExactly(List.of("0102", "03"), List.of("04050607"));
        assertThat(broadcast.isFinished("0.hang")).isTrue();
        assertThat(broadcast.abortCause("0.hang")).isNull();
    }

    @Test
    void chunkedFrameIsReassembledExactly() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(10);
        assertThat(frame.size()).isEqualTo(10);
        frame.write(Bufs.ofHex("00010203"));
        frame.write(Bufs.ofHex(""));
        ByteBuf input = Bufs.ofHex("ffff040506ffff");
        // As the importer does: a retained slice of a larger input, which stays the caller's.
        frame.write(input.retainedSlice(2, 3));
        frame.write(Bufs.ofHex("070809"));
        frame.finish();
        group.finish();
        input.release();

        assertThat(hex(broadcast.frames("0.hang"))).containsExactly(List.of("00010203040506070809"));
        ByteBuf read = broadcast.subscribe("0.hang").nextGroup(WAIT).nextFrame(WAIT);
        try {
            assertThat(read.readableBytes()).isEqualTo(10);
            assertThat(ByteBufUtil.hexDump(read)).isEqualTo("00010203040506070809");
        } finally {
            read.release();
        }
    }

    @Test
    void emptyFramesAreAllowed() throws Exception {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        group.createFrame(0).finish();
        group.writeFrame(Unpooled.EMPTY_BUFFER);
        group.finish();

        assertThat(broadcast.frames("0.hang").get(0)).hasSize(2).allSatisfy(f -> assertThat(f).isEmpty());
        GroupConsumer consumer = broadcast.subscribe("0.hang").nextGroup(WAIT);
        ByteBuf empty = consumer.nextFrame(WAIT);
        assertThat(empty.readableBytes()).isZero();
        empty.release();
    }

    @Test
    void chunkBeyondTheDeclaredSizeIsRejectedAndReleased() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(3);
        frame.write(Bufs.ofHex("0102"));
        ByteBuf tooBig = Bufs.ofHex("0304");

        assertIllegalState(() -> frame.write(tooBig)).hasMessageContaining("overflows frame of 3 bytes");

        assertThat(tooBig.refCnt()).as("ownership was transferred, so the refused chunk is released").isZero();
        // The frame is still open with its first two bytes and can be completed.
        frame.write(Bufs.ofHex("03"));
        frame.finish();
        group.finish();
        assertThat(hex(broadcast.frames("0.hang"))).containsExactly(List.of("010203"));
    }

    @Test
    void aFrameWhoseOnlyChunkWasRefusedCanBeAbortedWithoutTrace() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(1);
        ByteBuf chunk = Bufs.ofHex("0102");
        assertIllegalState(() -> frame.write(chunk));
        assertThat(chunk.refCnt()).isZero();
        frame.abort(new RuntimeException("give up"));
        group.finish();
        assertThat(broadcast.frames("0.hang").get(0)).isEmpty();
    }

    @Test
    void finishWithFewerBytesIsRejectedAndTheFrameStaysOpen() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(4);
        frame.write(Bufs.ofHex("010203"));

        assertIllegalState(frame::finish).hasMessageContaining("declared 4 bytes but only 3");
        // A group cannot end around an unfinished frame.
        assertIllegalState(group::finish);

        frame.write(Bufs.ofHex("04"));
        frame.finish();
        group.finish();
        assertThat(hex(broadcast.frames("0.hang"))).containsExactly(List.of("01020304"));
    }

    @Test
    void writeAfterFinishIsRejectedAndReleased() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(1);
        frame.write(Bufs.ofHex("01"));
        frame.finish();
        frame.finish();
        ByteBuf late = Bufs.ofHex("");

        assertIllegalState(() -> frame.write(late));

        assertThat(late.refCnt()).isZero();
    }

    @Test
    void groupAndTrackMisuseIsRejected() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        assertIllegalState(() -> group.createFrame(-1));
        assertThatThrownBy(() -> group.createFrame(1L << 31))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.UNSUPPORTED));
        group.finish();
        group.finish();
        group.abort(new RuntimeException("after finish: ignored"));
        assertIllegalState(() -> group.createFrame(1));
        ByteBuf refused = Bufs.ofHex("01");
        assertIllegalState(() -> group.writeFrame(refused));
        assertThat(refused.refCnt()).as("writeFrame releases when createFrame fails").isZero();

        track.finish();
        track.finish();
        track.abort(new RuntimeException("after finish: ignored"));
        assertIllegalState(track::appendGroup).hasMessageContaining("finished");
        assertThat(broadcast.isFinished("0.hang")).isTrue();
        assertThat(broadcast.abortCause("0.hang")).isNull();
    }

    @Test
    void anOpenGroupCanBeFinishedAfterItsTrack() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        track.finish();
        group.writeFrame(Bufs.ofHex("01"));
        group.finish();

        TrackConsumer consumer = broadcast.subscribe("0.hang");
        GroupConsumer g = consumer.nextGroup(WAIT);
        assertThat(drainHex(g.nextFrame(WAIT))).isEqualTo("01");
        assertThat(g.nextFrame(WAIT)).isNull();
        assertThat(consumer.nextGroup(WAIT)).isNull();
    }

    @Test
    void anAbortedFrameIsDroppedAndReadersMoveOnToTheNext() throws Exception {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer dropped = group.createFrame(2);
        FrameProducer kept = group.createFrame(1);
        dropped.write(Bufs.ofHex("aa"));
        kept.write(Bufs.ofHex("bb"));
        kept.finish();
        GroupConsumer reader = broadcast.subscribe("0.hang").nextGroup(WAIT);
        assertThatThrownBy(() -> reader.nextFrame(Duration.ofMillis(20)))
                .as("frames are read in creation order: the first one is not finished")
                .isInstanceOf(TimeoutException.class);

        dropped.abort(new RuntimeException("cut"));
        dropped.abort(new RuntimeException("again: ignored"));

        assertThat(drainHex(reader.nextFrame(WAIT))).isEqualTo("bb");
        assertIllegalState(dropped::finish);
        group.finish();
        assertThat(reader.nextFrame(WAIT)).isNull();
        assertThat(hex(broadcast.frames("0.hang"))).containsExactly(List.of("bb"));
    }

    // ------------------------------------------------------------------ consumers

    @Test
    void consumerOnAnotherThreadSeesEveryFrameOnceInOrderAndTheEnd() throws Exception {
        executor = Executors.newFixedThreadPool(3);
        int groups = 40;
        int framesPerGroup = 25;
        TrackProducer track = broadcast.uniqueTrack(".hang");
        CountDownLatch subscribed = new CountDownLatch(3);
        List<Future<List<String>>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            readers.add(executor.submit(() -> {
                TrackConsumer consumer = broadcast.subscribe("0.hang");
                subscribed.countDown();
                return readAll(consumer);
            }));
        }
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();

        List<String> expected = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            GroupProducer group = track.appendGroup();
            for (int f = 0; f < framesPerGroup; f++) {
                String content = String.format("%04x%04x", g, f);
                expected.add(g + ":" + content);
                // Two chunks, so that readers also race with the reassembly.
                FrameProducer frame = group.createFrame(4);
                frame.write(Bufs.ofHex(content.substring(0, 4)));
                if (f % 7 == 0) {
                    Thread.yield();
                }
                frame.write(Bufs.ofHex(content.substring(4)));
                frame.finish();
            }
            group.finish();
        }
        track.finish();

        for (Future<List<String>> reader : readers) {
            assertThat(reader.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void eachSubscriberStartsAtGroupZero() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        for (int g = 0; g < 3; g++) {
            GroupProducer group = track.appendGroup();
            group.writeFrame(Bufs.of((byte) g));
            group.finish();
        }
        TrackConsumer early = broadcast.subscribe("0.hang");
        assertThat(early.nextGroup(WAIT).sequence()).isZero();
        assertThat(early.nextGroup(WAIT).sequence()).isEqualTo(1);
        track.finish();

        TrackConsumer late = broadcast.subscribe("0.hang");
        assertThat(late.info().name()).isEqualTo("0.hang");
        assertThat(readAll(late)).containsExactly("0:00", "1:01", "2:02");
        assertThat(early.nextGroup(WAIT).sequence()).isEqualTo(2);
        assertThat(early.nextGroup(WAIT)).isNull();
        assertThat(early.nextGroup(WAIT)).as("stays at the end").isNull();
    }

    @Test
    void waitingTimesOut() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        TrackConsumer consumer = broadcast.subscribe("0.hang");
        assertThatThrownBy(() -> consumer.nextGroup(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> consumer.nextGroup(Duration.ZERO)).isInstanceOf(TimeoutException.class);
        track.appendGroup();
        GroupConsumer group = consumer.nextGroup(Duration.ZERO);
        assertThatThrownBy(() -> group.nextFrame(Duration.ofMillis(-5))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void blockedConsumerWakesUpWhenAGroupArrives() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        TrackProducer track = broadcast.uniqueTrack(".hang");
        TrackConsumer consumer = broadcast.subscribe("0.hang");
        Future<Long> sequence = executor.submit(() -> consumer.nextGroup(WAIT).sequence());
        Thread.sleep(20);
        track.appendGroup();
        assertThat(sequence.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void trackAbortPropagatesTheCauseAfterTheFinishedData() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer done = track.appendGroup();
        done.writeFrame(Bufs.ofHex("01"));
        done.finish();
        GroupProducer open = track.appendGroup();
        open.writeFrame(Bufs.ofHex("02"));
        FrameProducer partial = open.createFrame(2);
        partial.write(Bufs.ofHex("03"));
        IllegalStateException cause = new IllegalStateException("input ended early");

        track.abort(cause);
        track.abort(new RuntimeException("second abort: ignored"));
        track.finish();

        assertThat(broadcast.abortCause("0.hang")).isSameAs(cause);
        assertThat(broadcast.isFinished("0.hang")).isFalse();
        assertThat(hex(broadcast.frames("0.hang"))).containsExactly(List.of("01"), List.of("02"));
        ByteBuf late = Bufs.ofHex("04");
        assertIllegalState(() -> partial.write(late));
        assertThat(late.refCnt()).isZero();

        TrackConsumer consumer = broadcast.subscribe("0.hang");
        GroupConsumer g0 = consumer.nextGroup(WAIT);
        assertThat(drainHex(g0.nextFrame(WAIT))).isEqualTo("01");
        assertThat(g0.nextFrame(WAIT)).isNull();
        GroupConsumer g1 = consumer.nextGroup(WAIT);
        assertThat(drainHex(g1.nextFrame(WAIT))).isEqualTo("02");
        assertIllegalState(() -> g1.nextFrame(WAIT)).hasCause(cause);
        assertIllegalState(() -> consumer.nextGroup(WAIT)).hasCause(cause).hasMessageContaining("aborted");
    }

    @Test
    void groupAbortEndsOnlyThatGroup() throws Exception {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer g0 = track.appendGroup();
        g0.writeFrame(Bufs.ofHex("01"));
        RuntimeException cause = new RuntimeException("dropped by the producer");
        g0.abort(cause);
        g0.finish();
        GroupProducer g1 = track.appendGroup();
        g1.writeFrame(Bufs.ofHex("02"));
        g1.finish();
        track.finish();

        TrackConsumer consumer = broadcast.subscribe("0.hang");
        GroupConsumer r0 = consumer.nextGroup(WAIT);
        assertThat(drainHex(r0.nextFrame(WAIT))).isEqualTo("01");
        assertIllegalState(() -> r0.nextFrame(WAIT)).hasCause(cause);
        assertThat(readAll(consumer)).containsExactly("1:02");
        assertThat(broadcast.isFinished("0.hang")).isTrue();
    }

    @Test
    void blockedConsumerSeesAnAbort() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        TrackProducer track = broadcast.uniqueTrack(".hang");
        TrackConsumer consumer = broadcast.subscribe("0.hang");
        Future<GroupConsumer> waiting = executor.submit(() -> consumer.nextGroup(WAIT));
        Thread.sleep(20);
        RuntimeException cause = new RuntimeException("boom");
        track.abort(cause);
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(MoqMuxException.class).hasCause(cause);
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeReleasesEveryBufferIncludingUnfinishedFrames() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        ByteBuf whole = Bufs.ofHex("0102");
        group.writeFrame(whole);
        FrameProducer chunked = group.createFrame(4);
        ByteBuf c1 = Bufs.ofHex("03");
        ByteBuf c2 = Bufs.ofHex("04");
        chunked.write(c1);
        chunked.write(c2);
        chunked.write(Bufs.ofHex("0506"));
        chunked.finish();
        FrameProducer unfinished = group.createFrame(3);
        ByteBuf partial = Bufs.ofHex("07");
        unfinished.write(partial);
        assertThat(List.of(whole, c1, c2, partial)).allSatisfy(b -> assertThat(b.refCnt()).isEqualTo(1));

        broadcast.close();

        assertThat(List.of(whole, c1, c2, partial)).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        broadcast.close();
    }

    @Test
    void framesHandedToConsumersOutliveClose() throws Exception {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        group.writeFrame(Bufs.ofHex("0a0b"));
        ByteBuf read = broadcast.subscribe("0.hang").nextGroup(WAIT).nextFrame(WAIT);

        broadcast.close();

        assertThat(drainHex(read)).isEqualTo("0a0b");
    }

    @Test
    void everythingButEndingFailsAfterClose() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(1);
        TrackConsumer consumer = broadcast.subscribe("0.hang");
        GroupConsumer reader = consumer.nextGroup(WAIT);
        Future<ByteBuf> blocked = executor.submit(() -> reader.nextFrame(WAIT));
        Thread.sleep(20);

        broadcast.close();

        assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(MoqMuxException.class).hasMessageContaining("closed");
        ByteBuf chunk = Bufs.ofHex("01");
        assertIllegalState(() -> frame.write(chunk));
        assertThat(chunk.refCnt()).isZero();
        assertIllegalState(frame::finish);
        assertIllegalState(() -> group.createFrame(1));
        assertIllegalState(track::appendGroup);
        assertIllegalState(() -> broadcast.createTrack(new Track("x", 0)));
        assertIllegalState(() -> broadcast.subscribe("0.hang"));
        assertIllegalState(() -> broadcast.frames("0.hang"));
        assertIllegalState(() -> consumer.nextGroup(WAIT));
        // Cleanup paths must not throw.
        frame.abort(new RuntimeException());
        group.finish();
        group.abort(new RuntimeException());
        track.finish();
        track.abort(new RuntimeException());
        assertThat(broadcast.trackNames()).containsExactly("0.hang");
        assertThat(broadcast.isFinished("0.hang")).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    /** Reads a whole track as "group:hex" entries, releasing every frame. */
    private static List<String> readAll(TrackConsumer consumer) throws Exception {
        List<String> seen = new ArrayList<>();
        for (GroupConsumer group; (group = consumer.nextGroup(WAIT)) != null; ) {
            for (ByteBuf frame; (frame = group.nextFrame(WAIT)) != null; ) {
                seen.add(group.sequence() + ":" + drainHex(frame));
            }
        }
        return seen;
    }

    private static String drainHex(ByteBuf buf) {
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    private static List<List<String>> hex(List<List<byte[]>> groups) {
        return groups.stream().map(g -> g.stream().map(ByteBufUtil::hexDump).toList()).toList();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertIllegalState(
            ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
    }
}
