package io.github.moqmux.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CatalogProducerTest {
    private static final VideoConfig VIDEO = VideoConfig.of(new VideoCodec.H264(false, 0x64, 0, 0x1f))
            .withCodedSize(1280, 720);
    private static final AudioConfig AUDIO = AudioConfig.of(new AudioCodec.Aac(0x40, 2), 44100, 2)
            .withDescription(new byte[] {0x12, 0x10});

    // ---- a recording fake of the producer interfaces ---------------------------------------------

    /** Records every group and frame; copies the bytes out and releases each buffer as the contract says. */
    static final class FakeBroadcast implements BroadcastProducer {
        final Map<String, FakeTrack> tracks = new LinkedHashMap<>();
        final List<ByteBuf> received = new ArrayList<>();
        String failFramesOn;

        @Override
        public synchronized TrackProducer createTrack(Track track) {
            if (tracks.containsKey(track.name())) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "track " + track.name() + " exists");
            }
            FakeTrack t = new FakeTrack(this, track);
            tracks.put(track.name(), t);
            return t;
        }

        @Override
        public synchronized boolean hasTrack(String name) {
            return tracks.containsKey(name);
        }
    }

    static final class FakeTrack implements TrackProducer {
        final FakeBroadcast broadcast;
        final Track info;
        final List<FakeGroup> groups = new ArrayList<>();
        boolean finished;
        Throwable aborted;

        FakeTrack(FakeBroadcast broadcast, Track info) {
            this.broadcast = broadcast;
            this.info = info;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            if (finished || aborted != null) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "track ended");
            }
            FakeGroup g = new FakeGroup(this, groups.size());
            groups.add(g);
            return g;
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void abort(Throwable cause) {
            aborted = cause;
        }

        List<String> frameTexts() {
            List<String> out = new ArrayList<>();
            for (FakeGroup g : groups) {
                for (byte[] f : g.frames) {
                    out.add(new String(f, StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }

    static final class FakeGroup implements GroupProducer {
        final FakeTrack track;
        final long sequence;
        final List<byte[]> frames = new ArrayList<>();
        boolean finished;
        Throwable aborted;

        FakeGroup(FakeTrack track, long sequence) {
            this.track = track;
            this.sequence = sequence;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public FrameProducer createFrame(long size) {
            if (finished || aborted != null || size < 0) {   // the contract: no frames after the end
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "group ended or negative size");
            }
            FakeGroup group = this;
            return new FrameProducer() {
                private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                private boolean ended;

                @Override
                public long size() {
                    return size;
                }

                @Override
                public void write(ByteBuf chunk) {
                    try {
                        synchronized (track.broadcast) {
                            track.broadcast.received.add(chunk);
                        }
                        if (track.info.name().equals(track.broadcast.failFramesOn)) {
                            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "transport gone");
                        }
                        // The producer contract (BroadcastProducerContract): no bytes beyond the
                        // declared size, none after the end.
                        if (ended || bytes.size() + (long) chunk.readableBytes() > size) {
                            throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "frame overflows or ended");
                        }
                        byte[] b = ByteBufUtil.getBytes(chunk);
                        bytes.write(b, 0, b.length);
                    } finally {
                        chunk.release();
                    }
                }

                @Override
                public void finish() {
                    if (bytes.size() != size) {
                        throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE, "wrong frame size");
                    }
                    ended = true;
                    group.frames.add(bytes.toByteArray());
                }

                @Override
                public void abort(Throwable cause) {
                    ended = true;
                }
            };
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void abort(Throwable cause) {
            if (!finished) {
                aborted = cause;
            }
        }
    }

    // ---- tests ----------------------------------------------------------------------------------

    @Test
    void createsBothTracksAtPriority100WithoutPublishing() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        assertThat(b.tracks).containsOnlyKeys("catalog.json", "catalog");
        assertThat(b.tracks.get("catalog.json").info).isEqualTo(new Track("catalog.json", 100));
        assertThat(b.tracks.get("catalog").info).isEqualTo(new Track("catalog", 100));
        assertThat(b.tracks.values()).allSatisfy(t -> assertThat(t.groups).isEmpty());
        assertThat(producer.current()).isEqualTo(Catalog.empty());
    }

    @Test
    void publishesOneGroupWithOneFramePerTrackForEachChange() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);

        producer.update(c -> c.withVideoRendition("0.hang", VIDEO).withAudioRendition("1.hang", AUDIO));

        Catalog expected = Catalog.empty().withVideoRendition("0.hang", VIDEO).withAudioRendition("1.hang", AUDIO);
        assertThat(producer.current()).isEqualTo(expected);
        FakeTrack json = b.tracks.get("catalog.json");
        FakeTrack msf = b.tracks.get("catalog");
        assertThat(json.groups).hasSize(1);
        assertThat(msf.groups).hasSize(1);
        for (FakeTrack t : List.of(json, msf)) {
            FakeGroup g = t.groups.get(0);
            assertThat(g.sequence).isZero();
            assertThat(g.frames).hasSize(1);
            assertThat(g.finished).isTrue();
            assertThat(g.aborted).isNull();
        }
        assertThat(json.frameTexts()).containsExactly(expected.toJson());
        assertThat(msf.frameTexts()).containsExactly(expected.toMsfJson());
        assertThat(Catalog.fromJson(json.frameTexts().get(0))).isEqualTo(expected);
        assertThat(b.received).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());

        producer.update(c -> c.withoutRendition("1.hang"));
        assertThat(json.groups).hasSize(2);
        assertThat(msf.groups).hasSize(2);
        assertThat(json.groups.get(1).sequence).isEqualTo(1);
        assertThat(json.frameTexts().get(1)).isEqualTo(expected.withoutRendition("1.hang").toJson());
        assertThat(msf.frameTexts().get(1)).isEqualTo(expected.withoutRendition("1.hang").toMsfJson());
    }

    @Test
    void publishesNothingForANoOpUpdate() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        producer.update(c -> c);
        assertThat(b.tracks.get("catalog.json").groups).isEmpty();

        producer.update(c -> c.withVideoRendition("0.hang", VIDEO));
        producer.update(c -> c);
        // An equal but newly built catalog is no change either.
        producer.update(c -> c.withVideoRendition("0.hang", VideoConfig.of(new VideoCodec.H264(false, 0x64, 0, 0x1f))
                .withCodedSize(1280, 720)));
        producer.update(c -> c.withoutRendition("not there"));
        assertThat(b.tracks.get("catalog.json").groups).hasSize(1);
        assertThat(b.tracks.get("catalog").groups).hasSize(1);
    }

    @Test
    void aChangeOnlyTheHangJsonShowsStillPublishesOnBothTracks() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        producer.update(c -> c.withVideoRendition("0.hang", VIDEO));
        producer.update(c -> c.withVideoRendition("0.hang", VIDEO.withJitter(40L)));
        FakeTrack msf = b.tracks.get("catalog");
        assertThat(b.tracks.get("catalog.json").groups).hasSize(2);
        assertThat(msf.groups).hasSize(2);
        assertThat(msf.frameTexts().get(1)).isEqualTo(msf.frameTexts().get(0));
    }

    @Test
    void writesUtf8() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        producer.update(c -> c.withVideoRendition("vidéo😀", VIDEO));
        byte[] frame = b.tracks.get("catalog.json").groups.get(0).frames.get(0);
        assertThat(frame).isEqualTo(producer.current().toJson().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(frame, StandardCharsets.UTF_8)).contains("\"vidéo😀\"");
    }

    @Test
    void closeFinishesBothTracksAndLaterUpdatesFail() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        producer.update(c -> c.withVideoRendition("0.hang", VIDEO));
        producer.close();
        producer.close();
        assertThat(b.tracks.values()).allSatisfy(t -> assertThat(t.finished).isTrue());
        assertThatThrownBy(() -> producer.update(c -> c.withoutRendition("0.hang")))
                .isInstanceOfSatisfying(MoqMuxException.class,
                        e -> assertThat(e.kind()).isEqualTo(MoqMuxException.Kind.ILLEGAL_STATE));
        assertThat(producer.current().video().renditions()).containsOnlyKeys("0.hang");
    }

    @Test
    void failsWhenACatalogTrackExists() {
        FakeBroadcast taken = new FakeBroadcast();
        taken.createTrack(new Track("catalog.json", 1));
        assertThatThrownBy(() -> new CatalogProducer(taken)).isInstanceOf(MoqMuxException.class);

        FakeBroadcast msfTaken = new FakeBroadcast();
        msfTaken.createTrack(new Track("catalog", 1));
        assertThatThrownBy(() -> new CatalogProducer(msfTaken)).isInstanceOf(MoqMuxException.class);
        assertThat(msfTaken.tracks.get("catalog.json").aborted)
                .as("the track created first is not left open").isInstanceOf(MoqMuxException.class);
    }

    @Test
    void aFailedPublishLeavesTheCatalogUnchangedAndReleasesTheBuffer() {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        b.failFramesOn = "catalog.json";
        assertThatThrownBy(() -> producer.update(c -> c.withVideoRendition("0.hang", VIDEO)))
                .isInstanceOf(MoqMuxException.class).hasMessageContaining("transport gone");
        assertThat(producer.current()).isEqualTo(Catalog.empty());
        assertThat(b.tracks.get("catalog.json").groups.get(0).aborted).isNotNull();
        assertThat(b.tracks.get("catalog").groups).isEmpty();
        assertThat(b.received).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());

        b.failFramesOn = null;
        producer.update(c -> c.withVideoRendition("0.hang", VIDEO));
        assertThat(b.tracks.get("catalog.json").groups).hasSize(2);
        assertThat(b.tracks.get("catalog").groups).hasSize(1);
    }

    @Test
    void concurrentUpdatesAreSerialised() throws Exception {
        FakeBroadcast b = new FakeBroadcast();
        CatalogProducer producer = new CatalogProducer(b);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String name = id + "-" + i + ".hang";
                    producer.update(c -> c.withVideoRendition(name, VIDEO));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int total = threads * perThread;
        assertThat(producer.current().video().renditions()).hasSize(total);
        List<String> published = b.tracks.get("catalog.json").frameTexts();
        assertThat(published).hasSize(total);
        assertThat(b.tracks.get("catalog").groups).hasSize(total);
        // Each published catalog has exactly one more rendition than the one before: no update was lost.
        for (int i = 0; i < total; i++) {
            assertThat(Catalog.fromJson(published.get(i)).video().renditions()).hasSize(i + 1);
        }
        assertThat(published.get(total - 1)).isEqualTo(producer.current().toJson());
    }
}
