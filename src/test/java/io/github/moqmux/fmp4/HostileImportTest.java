package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.Mp4Bytes.box;
import static io.github.moqmux.fmp4.Mp4Bytes.cat;
import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.findAfter;
import static io.github.moqmux.fmp4.Mp4Bytes.header;
import static io.github.moqmux.fmp4.Mp4Bytes.patched;
import static io.github.moqmux.fmp4.Mp4Bytes.putU32;
import static io.github.moqmux.fmp4.Mp4Bytes.putU64;
import static io.github.moqmux.fmp4.Mp4Bytes.range;
import static io.github.moqmux.fmp4.Mp4Bytes.u32s;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fixtures.Fixture;
import io.github.moqmux.fixtures.Imports;
import io.github.moqmux.fmp4.Mp4Bytes.Box;
import io.github.moqmux.lite.MemoryBroadcast;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input for the whole importer (DESIGN §10), built by patching real fixtures: every case
 * asserts the error kind and the exact stream offset. Positions come from walking the fixture's
 * boxes ({@link Mp4Bytes}); {@code testdata/expected/<name>/boxes.txt} lists the same layout
 * (h264_aac: ftyp@0, moov@28, moof@1221, mdat@2001, moof@48435, mdat@49255, mfra@95517).
 *
 * <p>Cases already covered elsewhere are not repeated: {@code Fmp4ImporterTest} checks moof and
 * mdat as the very first box, two moofs in a row, an mdat without moof and {@code decode} of an
 * empty buffer; {@code mp4.HostileInputTest} truncates and mutates parser input exhaustively.
 */
class HostileImportTest {
    static final byte[] H264_AAC = load("h264_aac");
    static final Box MOOV = find(H264_AAC, "moov");
    static final Box MOOF = find(H264_AAC, "moof");
    static final Box MDAT = find(H264_AAC, "mdat");
    static final Box VIDEO_TRAF = find(H264_AAC, "traf");
    static final Box VIDEO_TRUN = find(H264_AAC, "trun");
    static final byte[] INIT = Arrays.copyOf(H264_AAC, MOOF.offset());

    static byte[] load(String name) {
        try {
            return Files.readAllBytes(Fixture.TESTDATA.resolve(name + ".mp4"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Imports {@code bytes} through {@code decodeFrom} (pooled, leak-tracked buffers), finishes,
     * closes everything and returns the error, or null on success.
     */
    static MoqMuxException failure(byte[] bytes, Fmp4Config config) {
        MemoryBroadcast broadcast = new MemoryBroadcast();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            importer.decodeFrom(new ByteArrayInputStream(bytes));
            importer.finish();
            return null;
        } catch (MoqMuxException e) {
            return e;
        } finally {
            broadcast.close();
        }
    }

    static MoqMuxException assertFails(byte[] bytes, Kind kind, long offset) {
        return assertFails(bytes, Fmp4Config.defaults(), kind, offset);
    }

    static MoqMuxException assertFails(byte[] bytes, Fmp4Config config, Kind kind, long offset) {
        MoqMuxException e = failure(bytes, config);
        assertThat(e).as("import of %d hostile bytes", bytes.length).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        assertThat(e.getMessage()).endsWith(" at byte " + offset);
        return e;
    }

    static void assertImports(byte[] bytes) {
        MoqMuxException e = failure(bytes, Fmp4Config.defaults());
        if (e != null) {
            throw new AssertionError("expected a clean import, got " + e, e);
        }
    }

    // ------------------------------------------------------------------------------ box sizes

    @Nested
    class BoxSizes {
        @Test
        void sizeZeroOnATopLevelMoofOrMoovIsUnsupported() {
            assertFails(patched(H264_AAC, f -> putU32(f, MOOF.offset(), 0)), Kind.UNSUPPORTED, MOOF.offset());
            assertFails(patched(H264_AAC, f -> putU32(f, MOOV.offset(), 0)), Kind.UNSUPPORTED, MOOV.offset());
            // An mdat of size 0 runs to the end of the stream (ISO/IEC 14496-12 §4.2): everything
            // after it is its payload, so the first fragment's samples import and nothing fails.
            assertImports(patched(H264_AAC, f -> putU32(f, MDAT.offset(), 0)));
        }

        @Test
        void sizeZeroOnASkippableBoxSkipsToTheEndOfTheStream() {
            // ISO 14496-12 §4.2: size 0 = "to the end of the file"; free/skip are never buffered.
            assertImports(cat(H264_AAC, header(0, "free", 0), new byte[1000]));
        }

        @Test
        void sizeSmallerThanItsHeaderIsMalformed() {
            // (1 announces a 64-bit size, tested below)
            for (long size : new long[] {2, 7}) {
                long s = size;
                assertFails(patched(H264_AAC, f -> putU32(f, MOOF.offset(), s)), Kind.MALFORMED, MOOF.offset());
            }
            // 64-bit size below the 16-byte header
            assertFails(cat(INIT, header(1, "moof", 15), new byte[64]), Kind.MALFORMED, MOOF.offset());
            // uuid box of 20 bytes: its header alone is 24
            assertFails(cat(INIT, header(20, "uuid", 0), new byte[64]), Kind.MALFORMED, MOOF.offset());
            // a child inside the moov: mvhd of size 4
            Box mvhd = find(H264_AAC, "mvhd");
            assertFails(patched(H264_AAC, f -> putU32(f, mvhd.offset(), 4)), Kind.MALFORMED, mvhd.offset());
        }

        @Test
        void aChildLargerThanWhatIsLeftOfItsParentIsMalformed() {
            Box trak = find(H264_AAC, "trak");
            assertFails(patched(H264_AAC, f -> putU32(f, trak.offset(), trak.size() + 1000)), Kind.MALFORMED,
                trak.offset());
            Box audioTraf = find(H264_AAC, "traf", 1); // the moof's last child
            assertFails(patched(H264_AAC, f -> putU32(f, audioTraf.offset(), audioTraf.size() + 1)),
                Kind.MALFORMED, audioTraf.offset());
            // a 64-bit child size near Long.MAX_VALUE inside the moov
            Box mvhd = find(H264_AAC, "mvhd");
            byte[] moov = cat(header(1, "moov", 16 + 16 + 8), header(1, "mvhd", Long.MAX_VALUE), new byte[8]);
            assertFails(cat(Arrays.copyOf(H264_AAC, MOOV.offset()), moov), Kind.MALFORMED, MOOV.offset() + 16);
            assertThat(mvhd.offset()).isEqualTo(MOOV.offset() + 8);
        }

        @Test
        void a32BitSizeOfAllOnesFailsFastForBufferedBoxes() {
            // 4 GiB - 1: above maxBoxSize, rejected from the header alone
            assertFails(cat(INIT, header(0xFFFFFFFFL, "moof", 0)), Kind.LIMIT_EXCEEDED, MOOF.offset());
            // An mdat is buffered whole only in whole-mdat mode; progressive publishing streams its
            // samples and then finds the input 4 GiB short of the declared end.
            byte[] hugeMdat = patched(H264_AAC, f -> putU32(f, MDAT.offset(), 0xFFFFFFFFL));
            assertFails(hugeMdat, Fmp4Config.defaults().withProgressive(false), Kind.LIMIT_EXCEEDED, MDAT.offset());
            MoqMuxException progressive = assertFails(hugeMdat, Kind.TRUNCATED, H264_AAC.length);
            assertThat(progressive.getMessage()).contains("bytes short");
            Box mvhd = find(H264_AAC, "mvhd");
            assertFails(patched(H264_AAC, f -> putU32(f, mvhd.offset(), 0xFFFFFFFFL)), Kind.MALFORMED, mvhd.offset());
        }

        @Test
        void aSkippedBoxOfAllOnesIsSkippedAndItsMissingEndReported() {
            byte[] bytes = cat(INIT, header(0xFFFFFFFFL, "free", 0), new byte[100]);
            // never buffered: the stream just ends inside it
            assertFails(bytes, Kind.TRUNCATED, bytes.length);
        }

        @Test
        void sixtyFourBitSizesNearLongMaxValue() {
            assertFails(cat(INIT, header(1, "moof", Long.MAX_VALUE)), Kind.LIMIT_EXCEEDED, MOOF.offset());
            // an mdat is never buffered in progressive mode, so its size needs no limit: the box
            // order decides (no moof and no sample tables describe it)
            assertFails(cat(INIT, header(1, "mdat", Long.MAX_VALUE - 1)), Kind.UNEXPECTED_BOX, MOOF.offset());
            assertFails(cat(INIT, range(H264_AAC, MOOF), header(1, "mdat", Long.MAX_VALUE - 1)),
                Fmp4Config.defaults().withProgressive(false), Kind.LIMIT_EXCEEDED, MOOF.end());
            // above 2^63-1: the field is unsigned, Java's long is not
            assertFails(cat(INIT, header(1, "moof", Long.MIN_VALUE)), Kind.MALFORMED, MOOF.offset());
            assertFails(cat(INIT, header(1, "moof", -1L)), Kind.MALFORMED, MOOF.offset());
            byte[] skipped = cat(INIT, header(1, "skip", Long.MAX_VALUE - 1), new byte[10]);
            assertFails(skipped, Kind.TRUNCATED, skipped.length);
        }

        @Test
        void aSkippedBoxOfLongMaxValueBytesIsAlsoReportedTruncated() {
            byte[] skipped = cat(INIT, header(1, "skip", Long.MAX_VALUE), new byte[10]);
            assertFails(skipped, Kind.TRUNCATED, skipped.length);
        }

        @Test
        void deeplyNestedContainersCostNothing() {
            // 100 000 nested udta boxes inside the moov: the parser walks only the children it
            // knows (mvhd, trak, mvex) and never recurses into unknown ones, so no stack overflow.
            int depth = 100_000;
            byte[] nested = new byte[8 * depth];
            for (int i = 0; i < depth; i++) {
                putU32(nested, 8 * i, 8L * (depth - i));
                System.arraycopy("udta".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, nested, 8 * i + 4, 4);
            }
            byte[] moovPayload = Arrays.copyOfRange(H264_AAC, MOOV.payload(), MOOV.end());
            byte[] bytes = cat(Arrays.copyOf(H264_AAC, MOOV.offset()), box("moov", moovPayload, nested));
            long start = System.nanoTime();
            assertImports(bytes);
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        }
    }

    // ------------------------------------------------------------------------------ truns

    @Nested
    class Runs {
        private int countAt() {
            return VIDEO_TRUN.payload() + 4;
        }

        @Test
        void aSampleCountOfAllOnesInATinyTrunIsMalformed() {
            assertFails(patched(H264_AAC, f -> putU32(f, countAt(), 0xFFFFFFFFL)), Kind.MALFORMED, countAt());
            // 2^31-1 samples of 8 bytes each cannot fit either
            assertFails(patched(H264_AAC, f -> putU32(f, countAt(), 0x7FFFFFFFL)), Kind.MALFORMED, countAt());
        }

        @Test
        void twoBillionSamplesWithoutPerSampleFieldsHitTheSampleLimitFast() {
            // flags 0x000001: only a data offset; the run takes no bytes per sample.
            byte[] bytes = patched(H264_AAC, f -> {
                putU32(f, VIDEO_TRUN.payload(), 0x000001);
                putU32(f, countAt(), 0x7FFFFFFFL);
            });
            long start = System.nanoTime();
            // Refused while parsing the moof, before any sample is resolved.
            MoqMuxException e = assertFails(bytes, Kind.LIMIT_EXCEEDED, MOOF.offset());
            assertThat(e.getMessage()).contains("maxSamplesPerFragment");
            assertThat(System.nanoTime() - start).as("elapsed ns").isLessThan(2_000_000_000L);
        }

        @Test
        void samplesOutsideTheirMdatAreRejectedAtTheirTrun() {
            // Issue 12 (defect 10): reported at the trun that declares the bad value, always
            // inside the input, not at the claimed sample position (up to 2^31 past the end,
            // or clamped to 0).
            int dataOffsetAt = VIDEO_TRUN.payload() + 8;
            // data_offset 0: the first sample would be the moof's own bytes
            assertFails(patched(H264_AAC, f -> putU32(f, dataOffsetAt, 0)), Kind.SAMPLE_OUT_OF_RANGE, VIDEO_TRUN.offset());
            // far past the mdat
            assertFails(patched(H264_AAC, f -> putU32(f, dataOffsetAt, 0x7FFFFFFFL)), Kind.SAMPLE_OUT_OF_RANGE,
                VIDEO_TRUN.offset());
            // negative: before the stream start
            assertFails(patched(H264_AAC, f -> putU32(f, dataOffsetAt, -5000)), Kind.SAMPLE_OUT_OF_RANGE,
                VIDEO_TRUN.offset());
            // the first sample's size runs past the end of the mdat (flags 0xa05: size and cto per sample)
            int firstSizeAt = VIDEO_TRUN.payload() + 16;
            assertFails(patched(H264_AAC, f -> putU32(f, firstSizeAt, 0x7FFFFFFFL)), Kind.SAMPLE_OUT_OF_RANGE,
                VIDEO_TRUN.offset());
        }

        /**
         * Decision: overlapping and out-of-order sample ranges are not an error. ISO/IEC 14496-12
         * places each run by its data_offset and does not require runs to be disjoint or in
         * order, and the importer only needs every sample inside the mdat payload: each frame is
         * a read-only slice, so sharing bytes is safe. Frames follow trun order.
         */
        @ParameterizedTest
        @ValueSource(booleans = {false, true})
        void overlappingAndOutOfOrderRangesAreImportedAsDeclared(boolean passthrough) {
            byte[] every = load("h264_aac_every_frame");
            Box firstMdat = find(every, "mdat");
            byte[] key = Arrays.copyOfRange(every, firstMdat.payload(), firstMdat.end());
            int half = key.length / 2;
            // moof = mfhd + traf(tfhd + tfdt + 3 truns of 1 sample); data offsets from the moof start
            int trunSize = 8 + 4 + 4 + 4 + 12;
            int moofSize = 8 + 16 + 8 + 16 + 20 + 3 * trunSize;
            int payload = moofSize + 8;
            byte[] moof = box("moof", box("mfhd", u32s(0, 1)),
                box("traf", box("tfhd", u32s(0x020000, 1)), box("tfdt", u32s(0x01000000, 0, 0)),
                    trun(payload + half, 512, key.length - half),   // the second half first
                    trun(payload, 512, half),                      // then the first half
                    trun(payload, 512, key.length)));              // then all of it again
            assertThat(moof).hasSize(moofSize);
            byte[] bytes = cat(Mp4Bytes.before(every, "moof"), moof, box("mdat", key));
            try (Imports.Result result = Imports.whole(bytes, Fmp4Config.defaults().withPassthrough(passthrough))) {
                String video = passthrough ? "0.m4s" : "0.hang";
                List<byte[]> frames = result.broadcast().frames(video).stream().flatMap(List::stream).toList();
                if (passthrough) {
                    assertThat(frames).hasSize(1); // one fragment, passed through
                    return;
                }
                assertThat(frames).hasSize(3);
                assertThat(tail(frames.get(0), key.length - half)).isEqualTo(Arrays.copyOfRange(key, half, key.length));
                assertThat(tail(frames.get(1), half)).isEqualTo(Arrays.copyOf(key, half));
                assertThat(tail(frames.get(2), key.length)).isEqualTo(key);
            }
        }

        private static byte[] trun(int dataOffset, int duration, int size) {
            return box("trun", u32s(0x000701, 1, dataOffset, duration, size, 0x02000000));
        }

        private static byte[] tail(byte[] frame, int n) {
            return Arrays.copyOfRange(frame, frame.length - n, frame.length);
        }
    }

    // ------------------------------------------------------------------------------ order, ids, time

    @Nested
    class Structure {
        @Test
        void mdatOrMoofBeforeTheMoovAfterAnFtyp() {
            Box ftyp = find(H264_AAC, "ftyp");
            assertFails(cat(range(H264_AAC, ftyp), range(H264_AAC, MDAT)), Kind.UNEXPECTED_BOX, ftyp.end());
            assertFails(cat(range(H264_AAC, ftyp), range(H264_AAC, MOOF), range(H264_AAC, MDAT)),
                Kind.UNEXPECTED_BOX, ftyp.end());
            // a moov between a moof and its mdat
            assertFails(cat(INIT, range(H264_AAC, MOOF), range(H264_AAC, MOOV)), Kind.UNEXPECTED_BOX, MOOF.end());
        }

        @Test
        void aTrafForATrackTheMoovDoesNotDeclareIsMalformed() {
            Box tfhd = find(H264_AAC, "tfhd");
            assertFails(patched(H264_AAC, f -> putU32(f, tfhd.payload() + 4, 99)), Kind.MALFORMED,
                VIDEO_TRAF.offset());
        }

        @Test
        void aTrackIdDeclaredTwiceIsMalformed() {
            Box secondTkhd = find(H264_AAC, "tkhd", 1);
            // tkhd v0: version/flags, creation, modification, then track_ID
            assertFails(patched(H264_AAC, f -> putU32(f, secondTkhd.payload() + 12, 1)), Kind.MALFORMED,
                MOOV.offset());
        }

        @Test
        void aZeroTimescaleIsABadTimestamp() {
            Box mdhd = find(H264_AAC, "mdhd");
            assertFails(patched(H264_AAC, f -> putU32(f, mdhd.payload() + 12, 0)), Kind.BAD_TIMESTAMP, MOOV.offset());
            // the movie timescale matters only when an empty edit must be converted
            byte[] empty = load("h264_aac_empty_edit");
            Box mvhd = find(empty, "mvhd");
            assertFails(patched(empty, f -> putU32(f, mvhd.payload() + 12, 0)), Kind.BAD_TIMESTAMP,
                find(empty, "moov").offset());
            assertImports(patched(H264_AAC, f -> putU32(f, find(H264_AAC, "mvhd").payload() + 12, 0)));
        }

        @Test
        void decodeTimesThatOverflowAreBadTimestamps() {
            Box tfdt = find(H264_AAC, "tfdt"); // version 1
            // near 2^63-1 ticks: microseconds overflow at the first sample, reported at its traf
            assertFails(patched(H264_AAC, f -> putU64(f, tfdt.payload() + 4, Long.MAX_VALUE - 100)),
                Kind.BAD_TIMESTAMP, VIDEO_TRAF.offset());
            // above 2^63-1: rejected at the field
            assertFails(patched(H264_AAC, f -> putU64(f, tfdt.payload() + 4, -1L)), Kind.BAD_TIMESTAMP,
                tfdt.payload() + 4);
        }

        /** 2^62 µs and more cannot be written as a QUIC varint: about 7.08e16 ticks at 15360/s. */
        private byte[] beyondTheVarintRange() {
            Box tfdt = find(H264_AAC, "tfdt");
            long ticks = (1L << 62) / 1_000_000L * 15_360L + 15_360L;
            return patched(H264_AAC, f -> putU64(f, tfdt.payload() + 4, ticks));
        }

        @Test
        void timestampsBeyondTheLegacyVarintRangeAreBadTimestamps() {
            MoqMuxException e = failure(beyondTheVarintRange(), Fmp4Config.defaults());
            assertThat(e).isNotNull();
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.BAD_TIMESTAMP);
        }

        @Test
        void timestampsBeyondTheLegacyVarintRangeCarryTheTrafOffset() {
            // The traf whose tfdt makes the timestamp: a sample's claimed position may lie
            // beyond the bytes received, the traf never does.
            assertFails(beyondTheVarintRange(), Kind.BAD_TIMESTAMP, VIDEO_TRAF.offset());
        }
    }

    // ------------------------------------------------------------------------------ descriptors

    @Nested
    class Descriptors {
        @Test
        void aTruncatedAvcCIsTruncatedAtTheMissingParameterSet() {
            Box avcC = find(H264_AAC, "avcC");
            // keep version..numOfSequenceParameterSets and the first SPS length: the SPS is missing
            assertFails(Mp4Bytes.truncatePayload(H264_AAC, avcC, 8), Kind.TRUNCATED, avcC.payload() + 8);
        }

        @Test
        void aTruncatedHvcCIsTruncatedAtTheConstraintFlags() {
            byte[] hevc = load("h265_hvc1_aac");
            Box hvcC = find(hevc, "hvcC");
            // version, profile byte, 4 compatibility bytes, then only 4 of the 6 constraint bytes
            assertFails(Mp4Bytes.truncatePayload(hevc, hvcC, 10), Kind.TRUNCATED, hvcC.payload() + 6);
        }

        @Test
        void aTruncatedDOpsIsTruncatedAtTheChannelMapping() {
            byte[] opus = load("opus_51");
            Box dOps = find(opus, "dOps");
            assertThat(opus[dOps.payload() + 10]).as("channel mapping family").isEqualTo((byte) 1);
            // 11 fixed bytes, stream and coupled counts, then only 2 of the 6 mapping bytes
            assertFails(Mp4Bytes.truncatePayload(opus, dOps, 15), Kind.TRUNCATED, dOps.payload() + 13);
        }

        @Test
        void aTruncatedEsdsIsTruncatedWhereTheEsDescriptorBodyShouldBe() {
            Box esds = find(H264_AAC, "esds");
            int sizeAt = esds.payload() + 4 + 1; // after version/flags and the ES_Descriptor tag
            int sizeBytes = 1;
            while ((H264_AAC[sizeAt + sizeBytes - 1] & 0x80) != 0) {
                sizeBytes++;
            }
            assertFails(Mp4Bytes.truncatePayload(H264_AAC, esds, 5 + sizeBytes + 3), Kind.TRUNCATED,
                sizeAt + sizeBytes);
        }

        @Test
        void aVideoSampleEntryOfHeightZeroIsMalformed() {
            Box avc1 = find(H264_AAC, "avc1");
            // VisualSampleEntry: 6 reserved, data_reference_index, 16 pre_defined/reserved, width, height
            int heightAt = avc1.payload() + 6 + 2 + 16 + 2;
            byte[] bytes = patched(H264_AAC, f -> {
                f[heightAt] = 0;
                f[heightAt + 1] = 0;
            });
            // Issue 11 (defect 4): errors about a sample entry are reported at that entry, not the moov.
            assertFails(bytes, Kind.MALFORMED, avc1.offset());
        }
    }

    // ------------------------------------------------------------------------------ nothing and noise

    @Nested
    class Noise {
        @Test
        void emptyInputImportsNothingAndFails() {
            MemoryBroadcast broadcast = new MemoryBroadcast();
            try (CatalogProducer catalog = new CatalogProducer(broadcast);
                 Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
                importer.decodeFrom(new ByteArrayInputStream(new byte[0]));
                importer.finish();
                assertThat(importer.isInitialized()).isFalse();
                assertThat(importer.tracks()).isEmpty();
                assertThat(broadcast.trackNames()).containsExactly("catalog.json", "catalog");
            } finally {
                broadcast.close();
            }
            // a lone partial header is a truncated box, not silence
            assertFails(new byte[] {0, 0, 0}, Kind.TRUNCATED, 0);
        }

        private static final EnumSet<Kind> INPUT_KINDS = EnumSet.of(Kind.MALFORMED, Kind.TRUNCATED, Kind.UNSUPPORTED,
            Kind.MISSING_BOX, Kind.UNEXPECTED_BOX, Kind.SAMPLE_OUT_OF_RANGE, Kind.BAD_TIMESTAMP, Kind.LIMIT_EXCEEDED);

        @Test
        void randomBytesFailWithAnInputErrorInsideTheInput() {
            Random random = new Random(5);
            for (int i = 0; i < 2000; i++) {
                byte[] noise = new byte[random.nextInt(4096)];
                random.nextBytes(noise);
                byte[] bytes = i % 2 == 0 ? noise : cat(INIT, noise);
                MoqMuxException e = failure(bytes, Fmp4Config.defaults().withPassthrough(i % 4 < 2));
                if (e == null) {
                    continue; // e.g. an init segment followed by a skippable box
                }
                assertThat(e.kind()).as("input %d: %s", i, e.getMessage()).isIn(INPUT_KINDS);
                assertThat(e.offset()).as("input %d: %s", i, e.getMessage()).isBetween(0L, (long) bytes.length);
            }
        }

        @Test
        void randomBytesAsTheFirstBoxAreReportedAtOffsetZero() {
            // "\0\0\0\5" + random: a 5-byte box cannot exist
            byte[] bytes = cat(new byte[] {0, 0, 0, 5}, "junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertFails(bytes, Kind.MALFORMED, 0);
        }
    }
}
