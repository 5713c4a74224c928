package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a fragmented MP4 (fMP4/CMAF) byte stream into a MoQ broadcast: the {@code moov} becomes
 * catalog renditions and tracks, every sample of every {@code moof}+{@code mdat} becomes frames in
 * groups (DESIGN §4–§8).
 *
 * <pre>{@code
 * try (MemoryBroadcast broadcast = new MemoryBroadcast();
 *      CatalogProducer catalog = new CatalogProducer(broadcast);
 *      Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults());
 *      InputStream in = Files.newInputStream(Path.of("clip.mp4"))) {
 *     importer.decodeFrom(in);
 *     importer.finish();
 *     System.out.println(catalog.current().toJson());
 * }
 * }</pre>
 *
 * <h2>Input</h2>
 * Bytes may arrive in pieces of any size: {@link #decode(ByteBuf)} consumes every complete
 * top-level box and leaves the rest for the next call. The first byte ever given is stream offset
 * 0; every error names the offset where it was found.
 *
 * <h2>Buffers</h2>
 * Sample bytes are not copied: frames hold {@code retainedSlice}s of the buffers given to
 * {@code decode}, and those slices live as long as the frames do. The caller must therefore never
 * modify or compact bytes of an input buffer that was passed to {@code decode} (Netty's
 * {@code ByteToMessageDecoder} already refrains from compacting while {@code refCnt() > 1}).
 *
 * <h2>Failure</h2>
 * Any problem with the input throws {@link MoqMuxException} with a kind and the stream offset.
 * The importer then aborts its tracks (subscribers see an error end, not a silent stop), refuses
 * further input, and {@link #close()} still removes its renditions from the catalog. Frames
 * published before the error stay valid.
 *
 * <h2>Threads</h2>
 * Not thread-safe: one thread feeds an importer, and producers are called on that thread.
 */
public final class Fmp4Importer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fmp4Importer.class);
    private static final int READ_CHUNK = 64 * 1024;

    // The parts, each with one job (see the package's README section "Architecture"):
    private final ImportContext ctx;
    private final TopLevelReader reader;

    private MoqMuxException failure;
    private boolean finished;
    private boolean closed;

    /**
     * Creates an importer. Nothing is published until a {@code moov} arrives.
     *
     * @param broadcast where the media tracks are created
     * @param catalog   where renditions are announced; may be shared with other importers
     * @param config    container and limits
     */
    public Fmp4Importer(BroadcastProducer broadcast, CatalogProducer catalog, Fmp4Config config) {
        this.ctx = new ImportContext(Objects.requireNonNull(broadcast, "broadcast"),
            Objects.requireNonNull(catalog, "catalog"), Objects.requireNonNull(config, "config"));
        SampleResolver resolver = new SampleResolver(ctx);
        this.reader = new TopLevelReader(ctx, new TrackSetup(ctx), new MdatPublisher(ctx, resolver));
    }

    /**
     * Consumes every complete top-level box in {@code in}, from its reader index. On return the
     * reader index is at the first byte not yet processed (the start of an incomplete box, or
     * inside a box that is skipped without being buffered); pass those bytes again with more
     * appended. The buffer's reference count is not changed: the caller still owns it, and frames
     * that reference its bytes hold their own references.
     *
     * @param in stream bytes, continuing exactly where the previous call stopped
     * @throws MoqMuxException when the input is malformed, unsupported or exceeds a limit; the
     *     importer is unusable afterwards
     */
    public void decode(ByteBuf in) {
        checkUsable();
        try {
            reader.decode(in);
        } catch (MoqMuxException e) {
            throw fail(e);
        } catch (IndexOutOfBoundsException e) {
            // A parser bug must still surface as our exception, never as a raw Netty error.
            throw fail(new MoqMuxException(Kind.MALFORMED, ctx.position, "inconsistent box structure: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw fail(new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "import failed: " + e, e));
        }
    }

    /**
     * Reads {@code in} to its end and decodes everything. Bytes left at the end that do not form
     * a complete box are reported as {@code TRUNCATED}. Does not close the stream and does not
     * call {@link #finish()}.
     *
     * @param in the stream, positioned at stream offset {@link #position()}
     * @throws MoqMuxException on bad input, a truncated end, or an I/O error (kind {@code IO})
     */
    public void decodeFrom(InputStream in) {
        checkUsable();
        ByteBuf buffer = ctx.allocator.heapBuffer(READ_CHUNK);
        try {
            while (true) {
                buffer = writable(buffer, READ_CHUNK);
                int read;
                try {
                    read = buffer.writeBytes(in, buffer.writableBytes());
                } catch (IOException | RuntimeException e) {
                    // The caller's stream may fail unchecked too: it is still an I/O failure, and
                    // the tracks must end in an error, not as if the stream were complete.
                    throw fail(new MoqMuxException(Kind.IO, ctx.position + buffer.readableBytes(),
                        "reading the input failed: " + e.getMessage(), e));
                }
                if (read < 0) {
                    break;
                }
                decode(buffer);
            }
            try {
                reader.checkComplete(buffer.readableBytes());
            } catch (MoqMuxException e) {
                throw fail(e);
            }
        } finally {
            buffer.release();
        }
    }

    /**
     * Imports a file. Like {@link #decodeFrom(InputStream)}, but a regular MP4 whose {@code moov}
     * comes after its {@code mdat} is read by seeking to the {@code moov} first, so the
     * {@code mdat} is streamed, never buffered. The {@code ftyp} and {@code moov} are mapped from
     * the file rather than read into the heap, so a {@code moov} costs only its parsed sample
     * tables. Does not call {@link #finish()}.
     *
     * <pre>{@code
     * importer.decodeFrom(Path.of("movie.mp4"));
     * importer.finish();
     * }</pre>
     *
     * @param file an MP4 file, fragmented or not
     * @throws MoqMuxException on bad input, a truncated end, or an I/O error (kind {@code IO})
     */
    public void decodeFrom(Path file) {
        checkUsable();
        if (ctx.position != 0) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "decodeFrom(Path) must start at stream offset 0");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            try {
                reader.readMoovBySeeking(channel);
            } catch (MoqMuxException e) {
                throw fail(e);
            } catch (RuntimeException e) {
                // As in decode: a parser bug surfaces as our exception, never as a raw one.
                throw fail(new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "import failed: " + e, e));
            }
            decodeFrom(Channels.newInputStream(channel.position(0)));
        } catch (IOException e) {
            throw fail(new MoqMuxException(Kind.IO, ctx.position, "reading " + file + " failed: " + e.getMessage(), e));
        }
    }

    /**
     * Returns a buffer with at least {@code wanted} writable bytes holding {@code buffer}'s
     * unread bytes. Read bytes are discarded only while no frame references the buffer
     * ({@code refCnt() == 1}); otherwise the unread tail moves to a new buffer and the old one
     * lives on in the frames that slice it.
     */
    private ByteBuf writable(ByteBuf buffer, int wanted) {
        if (buffer.writableBytes() >= wanted) {
            return buffer;
        }
        if (buffer.refCnt() == 1) {
            buffer.discardReadBytes();
            buffer.ensureWritable(wanted);
            return buffer;
        }
        int unread = buffer.readableBytes();
        ByteBuf fresh = ctx.allocator.heapBuffer(Math.max(unread * 2, unread + wanted));
        fresh.writeBytes(buffer, buffer.readerIndex(), unread);
        buffer.release();
        return fresh;
    }

    /**
     * Ends every track normally, finishing open groups. Call it at the end of the stream.
     * Idempotent.
     *
     * @throws MoqMuxException of kind {@code TRUNCATED} when samples that a regular MP4's sample
     *     tables declare never arrived (the input ended early, right after its {@code moov} say);
     *     the tracks are aborted then, as after any other error
     */
    public void finish() {
        if (finished || failure != null) {
            return;
        }
        MoqMuxException owed = reader.owedTableSamples();
        if (owed != null) {
            throw fail(owed);
        }
        finished = true;
        reader.warnUnfinished();
        reader.abandon(new MoqMuxException(Kind.TRUNCATED, ctx.position, "stream finished inside a fragment"));
        for (ImportedTrack track : ctx.tracks.values()) {
            track.output.finish();
        }
    }

    /**
     * Finishes the tracks if {@link #finish()} was not called (and no error occurred), and removes
     * this importer's renditions from the catalog, which republishes it. The catalog producer and
     * the broadcast stay open: they may be shared. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Quiet: the broadcast or catalog may be closed already (the caller closed them first),
        // and close() is cleanup that must neither throw nor stop half-way.
        if (failure == null) {
            try {
                finish();
            } catch (RuntimeException e) {
                log.debug("finishing the tracks on close failed: {}", e.toString());
            }
        }
        reader.abandon(new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "importer closed"));
        if (!ctx.tracks.isEmpty()) {
            List<String> names = ctx.tracks.values().stream().map(t -> t.name).toList();
            try {
                ctx.catalog.update(c -> {
                    Catalog updated = c;
                    for (String name : names) {
                        updated = updated.withoutRendition(name);
                    }
                    return updated;
                });
            } catch (RuntimeException e) {
                log.debug("removing the renditions from the catalog on close failed: {}", e.toString());
            }
        }
    }

    /**
     * Sets the listener told about every published sample, or null for none.
     *
     * @param listener the listener, called on the feeding thread inside {@code decode}
     */
    public void setSampleListener(SampleListener listener) {
        ctx.sampleListener = listener;
    }

    /**
     * Reads moofs with the typed {@code mp4} parser and resolves samples from its boxes instead of
     * the flat reader; for the differential test only. Call before the first {@code decode}.
     */
    void useTypedMoofReader() {
        ctx.typedMoofReader = true;
    }

    /** @return whether a {@code moov} has been imported */
    public boolean isInitialized() {
        return ctx.moov != null;
    }

    /** @return the absolute stream offset of the next byte {@link #decode} will consume */
    public long position() {
        return ctx.position;
    }

    /**
     * @return what was published per track so far, in the order the tracks were created (tracks
     *     of an earlier {@code moov} first)
     */
    public List<TrackStats> tracks() {
        List<TrackStats> stats = new ArrayList<>();
        for (ImportedTrack track : ctx.retired) {
            stats.add(track.stats());
        }
        for (ImportedTrack track : ctx.tracks.values()) {
            stats.add(track.stats());
        }
        return stats;
    }

    /**
     * The end of what was imported: the latest end (presentation time plus duration) of a
     * published sample over all tracks, in µs on the broadcast's timeline (so including
     * {@link Fmp4Config#timeOffsetMicros()}). Playing the same file again after itself with
     * {@code withTimeOffsetMicros(endMicros())} keeps the tracks in sync: every track of the next
     * pass is shifted by the longest track's end.
     *
     * @return the end in µs, or -1 before the first sample was published
     */
    public long endMicros() {
        long end = -1;
        for (ImportedTrack track : ctx.retired) {
            end = Math.max(end, track.publisher.endTimestampMicros());
        }
        for (ImportedTrack track : ctx.tracks.values()) {
            end = Math.max(end, track.publisher.endTimestampMicros());
        }
        return end;
    }

    /**
     * A video sample starts a group when it is a sync sample that depends on no other (ISO/IEC
     * 14496-12 §8.8.3.1); see {@link SampleResolver#isSyncSample(int)}.
     */
    static boolean isSyncSample(int flags) {
        return SampleResolver.isSyncSample(flags);
    }

    private void checkUsable() {
        if (closed) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "importer is closed");
        }
        if (failure != null) {
            // The detail, not the message: the message already ends with " at byte N".
            throw new MoqMuxException(Kind.ILLEGAL_STATE, failure.offset(), "importer failed earlier: " + failure.detail(), failure);
        }
        if (finished) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, ctx.position, "importer is finished");
        }
    }

    private MoqMuxException fail(MoqMuxException error) {
        if (failure != null) {
            return error;
        }
        failure = error;
        reader.abandon(error);
        for (ImportedTrack track : ctx.tracks.values()) {
            try {
                track.output.abort(error);
            } catch (RuntimeException e) {
                error.addSuppressed(e);
            }
        }
        return error;
    }
}
