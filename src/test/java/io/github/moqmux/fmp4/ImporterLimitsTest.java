package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.HostileImportTest.H264_AAC;
import static io.github.moqmux.fmp4.HostileImportTest.INIT;
import static io.github.moqmux.fmp4.HostileImportTest.MOOF;
import static io.github.moqmux.fmp4.HostileImportTest.MOOV;
import static io.github.moqmux.fmp4.HostileImportTest.assertFails;
import static io.github.moqmux.fmp4.Mp4Bytes.box;
import static io.github.moqmux.fmp4.Mp4Bytes.cat;
import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.header;
import static io.github.moqmux.fmp4.Mp4Bytes.putU32;
import static io.github.moqmux.fmp4.Mp4Bytes.range;
import static io.github.moqmux.fmp4.Mp4Bytes.u32s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Mp4Bytes.Box;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.testing.Bufs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The limits of {@link Fmp4Config}: memory and work stay bounded whatever sizes and counts an input declares. */
class ImporterLimitsTest {

    @Test
    void aMoofClaimingFourGigabytesFailsFromItsHeaderWithoutBufferingIt() {
        // (An mdat is only buffered in whole-mdat mode: maxBoxSizeIsConfigurable covers it.)
        for (byte[] claim : new byte[][] {header(1, "moof", 4L << 30), header(0xFFFFFFFFL, "moof", 0)}) {
            // decode(): the 8 or 16 header bytes alone fail, nothing waits for the body
            MemoryBroadcast broadcast = new MemoryBroadcast();
            ByteBuf input = Bufs.of(cat(INIT, claim));
            int capacity = input.capacity();
            try (CatalogProducer catalog = new CatalogProducer(broadcast);
                 Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
                assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.offset()).isEqualTo(MOOF.offset());
                    assertThat(e.getMessage()).contains("Fmp4Config.maxBoxSize");
                });
                assertThat(input.capacity()).isEqualTo(capacity);
                assertThat(input.readerIndex()).isEqualTo(MOOF.offset());
            } finally {
                input.release();
                broadcast.close();
            }
        }
    }

    @Test
    void decodeFromStopsReadingAnEndlessStreamBehindAHugeHeader() {
        byte[] head = cat(INIT, header(1, "moof", 4L << 30));
        EndlessStream in = new EndlessStream(head);
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            assertThatThrownBy(() -> importer.decodeFrom(in)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                assertThat(e.offset()).isEqualTo(MOOF.offset());
            });
        } finally {
            broadcast.close();
        }
        // one 64 KiB read, not 4 GiB
        assertThat(in.read).isLessThanOrEqualTo(64 * 1024 + head.length);
    }

    @Test
    void maxBoxSizeIsConfigurable() {
        assertFails(H264_AAC, Fmp4Config.defaults().withMaxBoxSize(1024), Kind.LIMIT_EXCEEDED, MOOV.offset());
        Box mdat = find(H264_AAC, "mdat");
        Fmp4Config wholeMdat = Fmp4Config.defaults().withProgressive(false);
        assertFails(H264_AAC, wholeMdat.withMaxBoxSize(mdat.size() - 1), Kind.LIMIT_EXCEEDED, mdat.offset());
        assertThat(HostileImportTest.failure(H264_AAC, wholeMdat.withMaxBoxSize(mdat.size()))).isNull();
        // Progressive publishing buffers one sample at most: the limit bounds the largest sample,
        // reported at the traf declaring it: the 4932-byte IDR of the first video traf, then the
        // largest, the 5437-byte IDR of the second fragment's video traf (samples.csv).
        MoqMuxException first = assertFails(H264_AAC, Fmp4Config.defaults().withMaxBoxSize(4931),
            Kind.LIMIT_EXCEEDED, find(H264_AAC, "traf").offset());
        assertThat(first.getMessage()).contains("at byte 2009 of 4932 bytes");
        MoqMuxException largest = assertFails(H264_AAC, Fmp4Config.defaults().withMaxBoxSize(5436),
            Kind.LIMIT_EXCEEDED, find(H264_AAC, "traf", 2).offset());
        assertThat(largest.getMessage()).contains("at byte 49263 of 5437 bytes");
        assertThat(HostileImportTest.failure(H264_AAC, Fmp4Config.defaults().withMaxBoxSize(5437))).isNull();
    }

    /** A moov with {@code n} copies of the fixture's video trak, track ids 1..n. */
    static byte[] moovWithTracks(int n) {
        Box trak = find(H264_AAC, "trak");
        Box tkhd = find(H264_AAC, "tkhd");
        int idAt = tkhd.payload() + 12 - trak.offset();
        byte[][] traks = new byte[n][];
        for (int i = 0; i < n; i++) {
            traks[i] = range(H264_AAC, trak);
            putU32(traks[i], idAt, i + 1);
        }
        return box("moov", range(H264_AAC, find(H264_AAC, "mvhd")), cat(traks));
    }

    @Test
    void theNumberOfTracksIsLimited() {
        byte[] ftyp = range(H264_AAC, find(H264_AAC, "ftyp"));
        try (Imports.Result result = Imports.whole(cat(ftyp, moovWithTracks(64)), Fmp4Config.defaults())) {
            assertThat(result.tracks()).hasSize(64);
            assertThat(result.broadcast().trackNames()).contains("63.hang");
        }
        assertFails(cat(ftyp, moovWithTracks(65)), Kind.LIMIT_EXCEEDED, ftyp.length);
        assertFails(cat(ftyp, moovWithTracks(3)), Fmp4Config.defaults().withMaxTracks(2), Kind.LIMIT_EXCEEDED,
            ftyp.length);
        // 10 000 declared tracks (a 5 MB moov): refused before any track or rendition is built.
        // Timed on an untracked buffer: PARANOID leak tracking records every read of a pooled one.
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            ByteBuf input = Unpooled.wrappedBuffer(cat(ftyp, moovWithTracks(10_000)));
            long start = System.nanoTime();
            assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                assertThat(e.offset()).isEqualTo(ftyp.length);
            });
            assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
            assertThat(broadcast.trackNames()).containsExactly("catalog.json", "catalog");
        } finally {
            broadcast.close();
        }
    }

    @Test
    void theNumberOfSamplesPerTrackFragmentIsLimited() {
        // The limit covers a whole moof: fragment 1 holds 30 video + 45 audio samples, fragment 2
        // 30 + 50 (testdata/expected/h264_aac/samples.csv).
        Box firstMoof = find(H264_AAC, "moof");
        Box secondMoof = find(H264_AAC, "moof", 1);
        assertFails(H264_AAC, Fmp4Config.defaults().withMaxSamplesPerFragment(74), Kind.LIMIT_EXCEEDED,
            firstMoof.offset());
        assertFails(H264_AAC, Fmp4Config.defaults().withMaxSamplesPerFragment(79), Kind.LIMIT_EXCEEDED,
            secondMoof.offset());
        assertThat(HostileImportTest.failure(H264_AAC, Fmp4Config.defaults().withMaxSamplesPerFragment(80))).isNull();

        // 100 001 one-byte samples with their sizes listed: a real 400 KB trun, over the default limit
        int count = Fmp4Config.DEFAULT_MAX_SAMPLES_PER_FRAGMENT + 1;
        long[] trun = new long[3 + count];
        trun[0] = 0x000201; // data offset + sample sizes
        trun[1] = count;
        Arrays.fill(trun, 3, trun.length, 1);
        int moofSize = 8 + 16 + 8 + 16 + 8 + 4 * trun.length;
        trun[2] = moofSize + 8;
        byte[] moof = box("moof", box("mfhd", u32s(0, 1)), box("traf", box("tfhd", u32s(0x020000, 1)),
            box("trun", u32s(trun))));
        assertThat(moof).hasSize(moofSize);
        byte[] bytes = cat(INIT, moof, box("mdat", new byte[count]));
        assertFails(bytes, Kind.LIMIT_EXCEEDED, MOOF.offset());
    }

    /** A moof of {@code trafs} trafs for track 1, each one trun of {@code samples} zero-byte samples. */
    static byte[] moofOfEmptySamples(int trafs, int samples) {
        byte[] traf = box("traf", box("tfhd", u32s(0x020000, 1)), box("trun", u32s(0x000001, samples, 0)));
        byte[][] all = new byte[trafs][];
        Arrays.fill(all, traf);
        byte[] moof = box("moof", box("mfhd", u32s(0, 1)), cat(all));
        // point every run at the mdat payload: moof size + 8
        for (int t = 0; t < trafs; t++) {
            putU32(moof, 8 + 16 + t * traf.length + 8 + 16 + 8 + 8, moof.length + 8);
        }
        return moof;
    }

    @Test
    void theSamplesOfAllTrafsOfOneMoofAreLimitedToo() {
        byte[] bytes = cat(INIT, moofOfEmptySamples(20_000, Fmp4Config.DEFAULT_MAX_SAMPLES_PER_FRAGMENT),
            box("mdat", new byte[16]));
        io.github.moqmux.lite.DiscardingBroadcast broadcast = new io.github.moqmux.lite.DiscardingBroadcast();
        long start = System.nanoTime();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            ByteBuf input = Unpooled.wrappedBuffer(bytes);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> importer.decode(input)).isInstanceOfSatisfying(MoqMuxException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.LIMIT_EXCEEDED);
                    assertThat(e.offset()).isEqualTo(MOOF.offset());
                }));
        }
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }

    /** Yields a head, then zeros forever, counting what was read. */
    private static final class EndlessStream extends InputStream {
        private final byte[] head;
        long read;

        EndlessStream(byte[] head) {
            this.head = head;
        }

        @Override
        public int read() {
            return read < head.length ? head[(int) read++] & 0xFF : (int) (read++ & 0);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }
}
