package io.github.moqmux.fuzz;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackSelection;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the fuzz targets, shared by the Jazzer {@code @FuzzTest}s and plain regression
 * tests. Each method accepts any input: it returns normally when the library succeeded or threw
 * {@link MoqMuxException} for a problem of the input, and throws {@link AssertionError} (or lets
 * any other throwable escape) for a finding.
 *
 * <p>A finding is: any exception or error other than {@link MoqMuxException} (an
 * {@link OutOfMemoryError} too: {@code .ci/run} fuzzes with a 256 MiB heap); a
 * {@link MoqMuxException} that only wraps an unexpected runtime exception (the importer's safety
 * net for its own bugs, e.g. an {@code IndexOutOfBoundsException} or {@code NullPointerException});
 * one of kind {@code ILLEGAL_STATE} (a broken producer contract); an offset outside the input
 * (issue 12: a sample out of range too is reported at its trun, inside the input); a track left
 * open; a slice of the input still referenced after the importer and the broadcast were closed
 * (a leak); and one input taking longer than {@link #SLOW_NANOS}.
 */
public final class FuzzHarness {
    /** One input slower than this is a finding: nothing here should take more than milliseconds. */
    static final long SLOW_NANOS = 5_000_000_000L;

    private FuzzHarness() {
    }

    /**
     * Walks the top-level boxes of {@code data} with the box header reader and parses every
     * complete {@code moov}, {@code moof}, {@code ftyp} and {@code styp} with {@link Mp4Parser}.
     * The first box is also given to each parser whatever its type, so the type checks run too.
     */
    public static void parseBoxes(byte[] data) {
        long start = System.nanoTime();
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        try {
            expectOurs(data.length, () -> Mp4Parser.parseMoov(buf.duplicate(), 0));
            expectOurs(data.length, () -> Mp4Parser.parseMoof(buf.duplicate(), 0));
            expectOurs(data.length, () -> Mp4Parser.parseFtyp(buf.duplicate(), 0));
            int at = 0;
            while (at < data.length) {
                BoxHeader header;
                try {
                    header = BoxHeaderReader.read(buf, at, at);
                } catch (MoqMuxException e) {
                    checkOffset(e, data.length);
                    return;
                }
                if (header == null) {
                    return;
                }
                if (header.offset() != at || header.headerSize() < 8 || (!header.extendsToEnd() && header.size() < header.headerSize())) {
                    throw new AssertionError("inconsistent header " + header + " read at " + at);
                }
                long size = header.extendsToEnd() ? data.length - at : header.size();
                if (size > data.length - at) {
                    return; // incomplete: a stream would wait for more bytes
                }
                ByteBuf box = buf.slice(at, (int) size);
                int type = header.type();
                if (type == FourCC.MOOV) {
                    expectOurs(data.length, () -> Mp4Parser.parseMoov(box, header.offset()));
                } else if (type == FourCC.MOOF) {
                    expectOurs(data.length, () -> Mp4Parser.parseMoof(box, header.offset()));
                } else if (type == FourCC.FTYP || type == FourCC.STYP) {
                    expectOurs(data.length, () -> Mp4Parser.parseFtyp(box, header.offset()));
                }
                at += (int) size;
            }
        } finally {
            buf.release();
            checkTime(start);
        }
    }

    /** How {@link #importStream(byte[], Options, int[])} hands the bytes to the importer. */
    public enum Entry {
        /** {@code decode(ByteBuf)} in pieces, through one cumulation buffer. */
        DECODE,
        /** {@code decodeFrom(InputStream)}, the stream returning at most one piece per read. */
        STREAM,
        /** {@code decodeFrom(Path)} of a temporary file (seeks to a moov behind an mdat). */
        FILE
    }

    /**
     * An importer configuration chosen by the fuzzer.
     *
     * @param passthrough the cmaf container instead of legacy
     * @param progressive progressive publishing (the default) instead of whole-mdat mode
     * @param tracks      which tracks to import
     * @param entry       which entry point gets the bytes
     */
    public record Options(boolean passthrough, boolean progressive, TrackSelection tracks, Entry entry) {
        /** The default configuration through {@code decode}, legacy or passthrough. */
        public static Options defaults(boolean passthrough) {
            return new Options(passthrough, true, TrackSelection.ALL, Entry.DECODE);
        }

        /**
         * Decodes the fuzz input's mode byte: bit 0 passthrough, bit 1 whole-mdat mode, bits 2-3
         * the entry (0 and 3 {@code decode}, 1 stream, 2 file), bits 4-5 the track selection (0
         * and 3 all, 1 video only, 2 audio only); bits 6-7 are unused. A mode of 0 or 1 is the
         * default configuration, as before these bits existed.
         */
        public static Options fromMode(int mode) {
            Entry entry = switch ((mode >> 2) & 3) {
                case 1 -> Entry.STREAM;
                case 2 -> Entry.FILE;
                default -> Entry.DECODE;
            };
            TrackSelection tracks = switch ((mode >> 4) & 3) {
                case 1 -> TrackSelection.VIDEO_ONLY;
                case 2 -> TrackSelection.AUDIO_ONLY;
                default -> TrackSelection.ALL;
            };
            return new Options((mode & 1) != 0, (mode & 2) == 0, tracks, entry);
        }

        Fmp4Config config() {
            return Fmp4Config.defaults().withPassthrough(passthrough).withProgressive(progressive).withTracks(tracks);
        }
    }

    /** {@link #importStream(byte[], Options, int[])} with the default configuration. */
    public static void importStream(byte[] stream, boolean passthrough, int[] chunks) {
        importStream(stream, Options.defaults(passthrough), chunks);
    }

    /**
     * Imports {@code stream} into a fresh {@link MemoryBroadcast} with the chosen configuration
     * and entry point; through {@code decode}, in pieces whose sizes cycle through
     * {@code chunks}, through one cumulation buffer the way Netty's {@code ByteToMessageDecoder}
     * feeds a decoder. Then finishes (on success), checks the producer contract (every track
     * ended: finished after a clean import, finished or aborted after an error), closes importer,
     * catalog and broadcast, and checks that no slice of any input buffer is still referenced.
     * An {@code ILLEGAL_STATE} error (thrown or suppressed) is a finding: the library reports bad
     * input with the other kinds, so this kind means a producer's contract was broken (a frame
     * overrun, a group with unfinished frames) or the importer misused its own state.
     */
    public static void importStream(byte[] stream, Options options, int[] chunks) {
        long start = System.nanoTime();
        List<ByteBuf> inputs = new ArrayList<>();
        MemoryBroadcast broadcast = new MemoryBroadcast();
        CatalogProducer catalog = new CatalogProducer(broadcast);
        Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, options.config());
        Path file = null;
        try {
            switch (options.entry()) {
                case DECODE -> decodeInPieces(importer, stream, chunks, inputs);
                case STREAM -> importer.decodeFrom(new PiecewiseStream(stream, chunks));
                case FILE -> {
                    file = Files.createTempFile("fuzz", ".mp4");
                    Files.write(file, stream);
                    importer.decodeFrom(file);
                }
            }
            importer.finish();
            // Consumers must be able to read everything that was published.
            for (String name : broadcast.trackNames()) {
                broadcast.frames(name);
            }
            checkTracksEnded(importer, broadcast, true);
        } catch (MoqMuxException e) {
            checkOffset(e, stream.length);
            checkNotWrapped(e);
            checkNoIllegalState(e);
            checkTracksEnded(importer, broadcast, false);
        } catch (IOException e) {
            throw new UncheckedIOException("temporary file", e);
        } finally {
            try {
                importer.close();
                catalog.close();
                broadcast.close();
            } finally {
                if (!inputs.isEmpty()) {
                    inputs.get(inputs.size() - 1).release(); // the current cumulation; older ones were released when replaced
                }
                deleteQuietly(file);
            }
            for (ByteBuf input : inputs) {
                if (input.refCnt() != 0) {
                    throw new AssertionError("an input buffer is still referenced " + input.refCnt()
                        + " time(s) after importer, catalog and broadcast were closed: a frame slice leaked");
                }
            }
            checkTime(start);
        }
    }

    /**
     * Feeds {@code stream} to {@code decode} in pieces; {@code inputs} collects every cumulation
     * buffer used, the last one being current (the harness still owns it).
     */
    private static void decodeInPieces(Fmp4Importer importer, byte[] stream, int[] chunks, List<ByteBuf> inputs) {
        ByteBuf cumulation = Unpooled.buffer(256);
        inputs.add(cumulation);
        int offset = 0;
        for (int piece = 0; offset < stream.length; piece++) {
            int n = Math.min(pieceSize(chunks, piece), stream.length - offset);
            if (cumulation.refCnt() == 1) {
                cumulation.discardReadBytes();
            } else if (cumulation.writableBytes() < n) {
                // Frames still reference the old buffer: move the unread tail, as Netty does.
                ByteBuf fresh = Unpooled.buffer(Math.max(256, 2 * (cumulation.readableBytes() + n)));
                fresh.writeBytes(cumulation);
                cumulation.release();
                inputs.add(fresh);
                cumulation = fresh;
            }
            cumulation.writeBytes(stream, offset, n);
            offset += n;
            long before = importer.position();
            int readable = cumulation.readableBytes();
            importer.decode(cumulation);
            long consumed = readable - cumulation.readableBytes();
            if (importer.position() != before + consumed) {
                throw new AssertionError("position advanced by " + (importer.position() - before)
                    + " but " + consumed + " bytes were consumed");
            }
        }
    }

    static int pieceSize(int[] chunks, int piece) {
        return Math.max(1, chunks.length == 0 ? Integer.MAX_VALUE : chunks[piece % chunks.length]);
    }

    /** An input stream that returns at most one piece (sizes cycling through the chunks) per read. */
    private static final class PiecewiseStream extends InputStream {
        private final byte[] data;
        private final int[] chunks;
        private int at;
        private int piece;

        PiecewiseStream(byte[] data, int[] chunks) {
            this.data = data;
            this.chunks = chunks;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, pieceSize(chunks, piece++)), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    /**
     * The producer contract as a consumer sees it: after a clean import every track was
     * finished; after an error every track was finished (a track of a replaced moov) or aborted,
     * none left open for a subscriber to wait on forever.
     */
    private static void checkTracksEnded(Fmp4Importer importer, MemoryBroadcast broadcast, boolean clean) {
        for (var track : importer.tracks()) {
            String name = track.name();
            if (!broadcast.hasTrack(name)) {
                continue;
            }
            boolean finished = broadcast.isFinished(name);
            Throwable cause = broadcast.abortCause(name);
            if (clean && !finished) {
                throw new AssertionError("track " + name + " not finished after a clean import"
                    + (cause == null ? "" : ", aborted by " + cause), cause);
            }
            if (!finished && cause == null) {
                throw new AssertionError("track " + name + " left open after the import failed");
            }
        }
    }

    private static void checkNoIllegalState(MoqMuxException e) {
        if (e.kind() == MoqMuxException.Kind.ILLEGAL_STATE) {
            throw new AssertionError("ILLEGAL_STATE from input bytes (a producer contract was broken): "
                + e.getMessage(), e);
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (suppressed instanceof MoqMuxException m && m.kind() == MoqMuxException.Kind.ILLEGAL_STATE) {
                throw new AssertionError("ILLEGAL_STATE while ending the tracks: " + m.getMessage(), e);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is not a finding
            }
        }
    }

    private static void expectOurs(int length, Runnable parse) {
        try {
            parse.run();
        } catch (MoqMuxException e) {
            checkOffset(e, length);
        }
    }

    private static void checkOffset(MoqMuxException e, long length) {
        if (e.offset() != MoqMuxException.NO_OFFSET && (e.offset() < 0 || e.offset() > length)) {
            throw new AssertionError("offset " + e.offset() + " outside the " + length + "-byte input: " + e.getMessage(), e);
        }
    }

    /**
     * The importer turns runtime exceptions of its own code into {@code MoqMuxException}s so that
     * callers only ever see one type; for the fuzzer such a wrapped exception is still a bug.
     */
    private static void checkNotWrapped(MoqMuxException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RuntimeException && !(cause instanceof MoqMuxException)) {
                throw new AssertionError("an internal " + cause.getClass().getSimpleName()
                    + " surfaced as " + e.kind() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void checkTime(long start) {
        long elapsed = System.nanoTime() - start;
        if (elapsed > SLOW_NANOS) {
            throw new AssertionError("one input took " + elapsed / 1_000_000 + " ms");
        }
    }
}
