package io.github.moqmux.fuzz;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the fuzz targets, shared by the Jazzer {@code @FuzzTest}s and plain regression
 * tests. Each method accepts any input: it returns normally when the library succeeded or threw
 * {@link MoqMuxException} for a problem of the input, and throws {@link AssertionError} (or lets
 * any other throwable escape) for a finding.
 *
 * <p>A finding is: any exception other than {@link MoqMuxException}; a {@link MoqMuxException}
 * that only wraps an unexpected runtime exception (the importer's safety net for its own bugs,
 * e.g. an {@code IndexOutOfBoundsException} or {@code NullPointerException}); an offset outside
 * the input; a slice of the input still referenced after the importer and the broadcast were
 * closed (a leak); and one input taking longer than {@link #SLOW_NANOS}.
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

    /**
     * Imports {@code stream} into a fresh {@link MemoryBroadcast}, in pieces whose sizes cycle
     * through {@code chunks}, through one cumulation buffer the way Netty's
     * {@code ByteToMessageDecoder} feeds a decoder. Then finishes (on success), closes importer,
     * catalog and broadcast, and checks that no slice of any input buffer is still referenced.
     */
    public static void importStream(byte[] stream, boolean passthrough, int[] chunks) {
        long start = System.nanoTime();
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        List<ByteBuf> inputs = new ArrayList<>();
        MemoryBroadcast broadcast = new MemoryBroadcast();
        CatalogProducer catalog = new CatalogProducer(broadcast);
        Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config);
        ByteBuf cumulation = Unpooled.buffer(256);
        inputs.add(cumulation);
        try {
            int offset = 0;
            for (int piece = 0; offset < stream.length; piece++) {
                int n = Math.min(Math.max(1, chunks.length == 0 ? Integer.MAX_VALUE : chunks[piece % chunks.length]),
                    stream.length - offset);
                if (cumulation.refCnt() == 1) {
                    cumulation.discardReadBytes();
                } else if (cumulation.writableBytes() < n) {
                    // Frames still reference the old buffer: move the unread tail, as Netty does.
                    ByteBuf fresh = Unpooled.buffer(Math.max(256, 2 * (cumulation.readableBytes() + n)));
                    fresh.writeBytes(cumulation);
                    cumulation.release();
                    cumulation = fresh;
                    inputs.add(cumulation);
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
            importer.finish();
            // Consumers must be able to read everything that was published.
            for (String name : broadcast.trackNames()) {
                broadcast.frames(name);
            }
        } catch (MoqMuxException e) {
            // A sample out of range is reported at the position its trun claims, which may lie
            // beyond the bytes received so far (README "Robustness").
            checkOffset(e, e.kind() == MoqMuxException.Kind.SAMPLE_OUT_OF_RANGE ? Long.MAX_VALUE : stream.length);
            checkNotWrapped(e);
        } finally {
            importer.close();
            catalog.close();
            broadcast.close();
            cumulation.release();
            for (ByteBuf input : inputs) {
                if (input.refCnt() != 0) {
                    throw new AssertionError("an input buffer is still referenced " + input.refCnt()
                        + " time(s) after importer, catalog and broadcast were closed: a frame slice leaked");
                }
            }
            checkTime(start);
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
