package io.github.moqmux.lite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The producer contract every {@link BroadcastProducer} in this repository must keep (issue 10
 * §3), as Okio runs one suite over many sources: extend this class, say how to make (and, if
 * needed, tear down) a broadcast, and every test here runs against it. Written buffers are pooled
 * and leak-tracked, so a producer that keeps or double-releases a buffer fails here or in the leak
 * extension.
 *
 * <p>To add an implementation (a network broadcast, say), write a subclass next to it:
 *
 * <pre>{@code
 * class NetBroadcastContractTest extends BroadcastProducerContract {
 *     protected BroadcastProducer newBroadcast() { return new NetBroadcast(...); }
 *     protected void dispose(BroadcastProducer b) { ((NetBroadcast) b).close(); }
 * }
 * }</pre>
 */
public abstract class BroadcastProducerContract {
    private BroadcastProducer broadcast;
    /** Every buffer a test handed to a producer, checked to be released after {@link #dispose}. */
    private final List<ByteBuf> written = new ArrayList<>();

    /**
     * @return a new, empty broadcast
     * @throws Exception when it cannot be made
     */
    protected abstract BroadcastProducer newBroadcast() throws Exception;

    /**
     * Releases what the broadcast holds (closes it, drains its queue). After this, every buffer
     * written to it must have been released. The default does nothing.
     *
     * @param broadcast the broadcast from {@link #newBroadcast()}
     * @throws Exception when tearing down fails
     */
    protected void dispose(BroadcastProducer broadcast) throws Exception {
    }

    @BeforeEach
    final void create() throws Exception {
        broadcast = newBroadcast();
    }

    @AfterEach
    final void disposeAndCheckOwnership() throws Exception {
        dispose(broadcast);
        assertThat(written).as("every written buffer is released once the broadcast is disposed")
            .allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    private ByteBuf buf(int size) {
        ByteBuf b = Bufs.ALLOC.buffer(size);
        for (int i = 0; i < size; i++) {
            b.writeByte(i);
        }
        written.add(b);
        return b;
    }

    private static void assertIllegalState(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MoqMuxException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.ILLEGAL_STATE));
    }

    @Test
    void uniqueTrackCountsFromZeroPerSuffix() {
        assertThat(broadcast.uniqueTrack(".hang").info().name()).isEqualTo("0.hang");
        assertThat(broadcast.uniqueTrack(".hang", 3).info()).isEqualTo(new Track("1.hang", 3));
        assertThat(broadcast.uniqueTrack(".m4s").info().name()).isEqualTo("0.m4s");
        assertThat(broadcast.hasTrack("1.hang")).isTrue();
        assertThat(broadcast.hasTrack("2.hang")).isFalse();
    }

    @Test
    void uniqueTrackSkipsNamesTakenByCreateTrack() {
        broadcast.createTrack(new Track("0.hang", 0));
        broadcast.createTrack(new Track("2.hang", 0));
        assertThat(broadcast.uniqueTrack(".hang").info().name()).isEqualTo("1.hang");
        assertThat(broadcast.uniqueTrack(".hang").info().name()).isEqualTo("3.hang");
    }

    @Test
    void createTrackRefusesATakenName() {
        broadcast.createTrack(new Track("video", 1));
        assertThat(broadcast.hasTrack("video")).isTrue();
        assertIllegalState(() -> broadcast.createTrack(new Track("video", 2)));
    }

    @Test
    void uniqueTrackIsAtomicAcrossThreads() throws Exception {
        int threads = 4;
        int perThread = 500;
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        names.add(broadcast.uniqueTrack(".hang").info().name());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // A check-then-act uniqueTrack hands one name to two threads (or fails one with ILLEGAL_STATE).
        assertThat(names).hasSize(threads * perThread).contains("0.hang", (threads * perThread - 1) + ".hang");
    }

    @Test
    void groupsAreNumberedInTheOrderTheyAreAppended() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        for (long i = 0; i < 3; i++) {
            GroupProducer group = track.appendGroup();
            assertThat(group.sequence()).isEqualTo(i);
            group.finish();
        }
        track.finish();
    }

    @Test
    void aFrameTakesItsDeclaredSizeInChunks() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(5, 1_000);
        assertThat(frame.size()).isEqualTo(5);
        frame.write(buf(2));
        frame.write(buf(3));
        frame.finish();
        group.finish();
        track.finish();
    }

    @Test
    void aChunkBeyondTheDeclaredSizeIsRefusedAndReleased() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(3);
        ByteBuf tooBig = buf(4);
        assertIllegalState(() -> frame.write(tooBig));
        assertThat(tooBig.refCnt()).isZero();
        frame.abort(new IllegalStateException("test"));
        group.abort(new IllegalStateException("test"));
    }

    @Test
    void finishingAShortFrameFails() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(3);
        frame.write(buf(2));
        assertIllegalState(frame::finish);
        frame.abort(new IllegalStateException("test"));
        group.abort(new IllegalStateException("test"));
    }

    @Test
    void aChunkAfterFinishIsRefusedAndReleased() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        FrameProducer frame = group.createFrame(1);
        frame.write(buf(1));
        frame.finish();
        ByteBuf late = buf(0);
        assertIllegalState(() -> frame.write(late));
        assertThat(late.refCnt()).isZero();
        group.finish();
    }

    @Test
    void writeFrameTakesHeaderAndPayloadAndATimestamp() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        group.writeFrame(40_000, buf(1), buf(100));
        group.writeFrame(FrameProducer.NO_TIMESTAMP, buf(0), buf(7));
        group.writeFrame(buf(9));
        group.finish();
        track.finish();
    }

    @Test
    void endsAreIdempotentAndAnAbortAfterFinishChangesNothing() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(2);
        frame.write(buf(2));
        frame.finish();
        frame.abort(new IllegalStateException("after finish"));
        group.finish();
        group.finish();
        group.abort(new IllegalStateException("after finish"));
        track.finish();
        track.finish();
        track.abort(new IllegalStateException("after finish"));
    }

    @Test
    void anAbortedFrameGroupAndTrackReleaseWhatWasWritten() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer group = track.appendGroup();
        FrameProducer frame = group.createFrame(10);
        frame.write(buf(4));
        IllegalStateException cause = new IllegalStateException("input broke");
        frame.abort(cause);
        frame.abort(cause);
        group.abort(cause);
        group.abort(cause);
        track.abort(cause);
        track.abort(cause);
    }

    @Test
    void noGroupIsAppendedToAnEndedTrack() {
        TrackProducer finished = broadcast.uniqueTrack(".hang");
        finished.appendGroup().finish();
        finished.finish();
        assertIllegalState(finished::appendGroup);
        TrackProducer aborted = broadcast.uniqueTrack(".hang");
        aborted.abort(new IllegalStateException("test"));
        assertIllegalState(aborted::appendGroup);
    }

    @Test
    void noFrameIsCreatedInAnEndedGroupAndWrittenFramesAreReleased() {
        TrackProducer track = broadcast.uniqueTrack(".hang");
        GroupProducer finished = track.appendGroup();
        finished.finish();
        assertIllegalState(() -> finished.createFrame(1));
        assertIllegalState(() -> finished.createFrame(1, 0));
        ByteBuf whole = buf(3);
        assertIllegalState(() -> finished.writeFrame(whole));
        assertThat(whole.refCnt()).isZero();
        GroupProducer aborted = track.appendGroup();
        aborted.abort(new IllegalStateException("test"));
        ByteBuf header = buf(1);
        ByteBuf payload = buf(2);
        assertIllegalState(() -> aborted.writeFrame(0, header, payload));
        assertThat(header.refCnt()).isZero();
        assertThat(payload.refCnt()).isZero();
        track.finish();
    }

    @Test
    void aNegativeFrameSizeIsRefused() {
        GroupProducer group = broadcast.uniqueTrack(".hang").appendGroup();
        assertIllegalState(() -> group.createFrame(-1));
        group.finish();
    }
}
