package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.HostileImportTest.H264_AAC;
import static io.github.moqmux.fmp4.HostileImportTest.INIT;
import static io.github.moqmux.fmp4.HostileImportTest.MOOF;
import static io.github.moqmux.fmp4.HostileImportTest.MDAT;
import static io.github.moqmux.fmp4.Mp4Bytes.cat;
import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.header;
import static io.github.moqmux.fmp4.Mp4Bytes.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.lite.GroupConsumer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.TrackConsumer;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What happens after an error (DESIGN §10, issue 5 §4), beyond what {@code Fmp4ImporterTest}
 * already checks for the legacy container (tracks aborted, first GOP intact, {@code decode}
 * refused, {@code close()} empties the catalog): the same in passthrough, what a live subscriber
 * sees, that {@code finish()} cannot turn an abort into a normal end, that a held moof is
 * released, and that other importers sharing the broadcast and catalog are not affected.
 */
class FailureSemanticsTest {
    /** The first fragment, then a second moof whose mdat is 3 bytes long: MALFORMED at the mdat. */
    static final byte[] BAD = cat(java.util.Arrays.copyOf(H264_AAC, find(H264_AAC, "moof", 1).end()),
        header(3, "mdat", 0));
    static final long BAD_AT = find(H264_AAC, "moof", 1).end();

    @Test
    void passthroughTracksAbortAndEarlierFragmentsStayIntact() throws Exception {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        ByteBuf input = Bufs.of(BAD);
        try (Imports.Result good = Imports.whole(H264_AAC, Fmp4Config.defaults().withPassthrough(true));
             CatalogProducer catalog = new CatalogProducer(broadcast)) {
            Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults().withPassthrough(true));
            assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
                assertThat(e.offset()).isEqualTo(BAD_AT);
            });
            for (String track : List.of("0.m4s", "1.m4s")) {
                assertThat(broadcast.abortCause(track)).isInstanceOf(MoqMuxException.class);
                // fragment 1 of each track was published before the error, byte for byte
                assertThat(broadcast.frames(track).get(0).get(0)).isEqualTo(good.broadcast().frames(track).get(0).get(0));
            }
            importer.finish(); // no effect after a failure: the tracks stay aborted
            assertThat(broadcast.isFinished("0.m4s")).isFalse();
            assertThatThrownBy(() -> importer.decodeFrom(new ByteArrayInputStream(new byte[8])))
                .isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ILLEGAL_STATE);
                    assertThat(e.getCause()).isInstanceOf(MoqMuxException.class);
                });
            importer.close();
            importer.close(); // idempotent
            assertThat(catalog.current()).isEqualTo(Catalog.empty());
        } finally {
            broadcast.close();
        }
        // Nothing but us references the input any more: the moof held for passthrough was
        // released with the failure, the published fragments with the broadcast.
        assertThat(input.refCnt()).isEqualTo(1);
        input.release();
    }

    @Test
    void aLiveSubscriberReadsEveryEarlierFrameThenAnErrorEnd() throws Exception {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            ByteBuf init = Bufs.of(INIT);
            importer.decode(init);
            init.release();
            TrackConsumer video = broadcast.subscribe("0.hang");
            // a subscriber already waiting when the frames and then the error arrive
            CompletableFuture<List<Object>> seen = CompletableFuture.supplyAsync(() -> readUntilEnd(video));
            ByteBuf rest = Bufs.of(java.util.Arrays.copyOfRange(BAD, INIT.length, BAD.length));
            try {
                assertThatThrownBy(() -> importer.decode(rest)).isInstanceOf(MoqMuxException.class);
            } finally {
                rest.release();
            }
            List<Object> events = seen.get(10, TimeUnit.SECONDS);
            Object end = events.get(events.size() - 1);
            assertThat(end).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.ILLEGAL_STATE); // the consumer's "aborted"
                assertThat(e.getCause()).isInstanceOfSatisfying(MoqMuxException.class, cause -> {
                    assertThat(cause.kind()).isEqualTo(Kind.MALFORMED);
                    assertThat(cause.offset()).isEqualTo(BAD_AT);
                });
            });
            // the first fragment's video (30 frames) arrived before the error end
            assertThat(events.subList(0, events.size() - 1)).hasSize(30)
                .allSatisfy(frame -> assertThat(frame).isInstanceOf(byte[].class));
        } finally {
            broadcast.close();
        }
    }

    /** Frames as byte arrays, then the exception that ended the track (or "end" for a normal end). */
    private static List<Object> readUntilEnd(TrackConsumer track) {
        List<Object> events = new ArrayList<>();
        try {
            for (GroupConsumer group; (group = track.nextGroup(Duration.ofSeconds(10))) != null; ) {
                for (ByteBuf frame; (frame = group.nextFrame(Duration.ofSeconds(10))) != null; ) {
                    events.add(ByteBufUtil.getBytes(frame));
                    frame.release();
                }
            }
            events.add("end");
        } catch (MoqMuxException e) {
            events.add(e);
        } catch (Exception e) {
            events.add(new AssertionError(e));
        }
        return events;
    }

    @Test
    void anotherImporterOnTheSameBroadcastAndCatalogIsUnaffected() {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer healthy = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
             Fmp4Importer failing = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            healthy.decodeFrom(new ByteArrayInputStream(INIT));            // 0.hang, 1.hang
            assertThatThrownBy(() -> failing.decodeFrom(new ByteArrayInputStream(BAD)))   // 2.hang, 3.hang
                .isInstanceOf(MoqMuxException.class);
            healthy.decodeFrom(new ByteArrayInputStream(cat(range(H264_AAC, MOOF), range(H264_AAC, MDAT))));
            failing.close();
            assertThat(catalog.current().toJson()).contains("\"0.hang\"", "\"1.hang\"")
                .doesNotContain("\"2.hang\"", "\"3.hang\"");
            assertThat(broadcast.abortCause("2.hang")).isNotNull();
            assertThat(broadcast.abortCause("0.hang")).isNull();
            healthy.finish();
            assertThat(broadcast.isFinished("0.hang")).isTrue();
            assertThat(broadcast.frames("0.hang").stream().mapToInt(List::size).sum()).isEqualTo(30);
        } finally {
            broadcast.close();
        }
    }
}
