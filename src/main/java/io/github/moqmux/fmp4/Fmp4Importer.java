package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Av1C;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.mp4.Colr;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Ftyp;
import io.github.moqmux.mp4.Moof;
import io.github.moqmux.mp4.Moov;
import io.github.moqmux.mp4.Mp4Parser;
import io.github.moqmux.mp4.SampleEntry;
import io.github.moqmux.mp4.SampleTable;
import io.github.moqmux.mp4.Tfhd;
import io.github.moqmux.mp4.Traf;
import io.github.moqmux.mp4.Trak;
import io.github.moqmux.mp4.Trex;
import io.github.moqmux.mp4.Trun;
import io.github.moqmux.mp4.VisualSampleEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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
    private static final int HANDLER_VIDEO = FourCC.of("vide");
    private static final int HANDLER_AUDIO = FourCC.of("soun");

    private final BroadcastProducer broadcast;
    private final CatalogProducer catalog;
    private final Fmp4Config config;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    /** One plan per traf of the open mdat's moof; reused, only the first {@link #planCount} are live. */
    private final List<TrafPlan> plans = new ArrayList<>();
    private int planCount;

    /** Absolute stream offset of the next byte {@code decode} will consume. */
    private long position;
    /** Bytes of a skipped box (sidx, free, …) still to drop. */
    private long skipRemaining;
    /** Whether everything up to the end of the stream is skipped (a box of size 0). */
    private boolean skipToEnd;

    private Ftyp ftyp;
    private Moov moov;
    /** Imported tracks of the current moov, by MP4 track id, in moov order. */
    private final Map<Long, ImportedTrack> tracks = new LinkedHashMap<>();
    /** Defaults of every track of the current moov, imported or not: positions of skipped tracks' samples need them. */
    private final Map<Long, Trex> trexById = new HashMap<>();
    /** Every track id the current moov declares, imported or skipped. */
    private final Set<Long> declaredTrackIds = new HashSet<>();
    /** Tracks of earlier moovs, kept for {@link #tracks()}. */
    private final List<ImportedTrack> retired = new ArrayList<>();
    /** Offset of a moov read ahead of its place in the stream (moov after mdat), skipped when reached; -1 if none. */
    private long preloadedMoovOffset = -1;
    /** Whether decode stopped at an mdat that waits for the moov behind it. */
    private boolean waitingMdat;
    /** Microseconds added to every timestamp so no track starts negative (DESIGN §7). */
    private long offsetMicros;

    /** The moof waiting for its mdat, and (passthrough only) its bytes, owned by this importer. */
    private Moof pendingMoof;
    private ByteBuf pendingMoofBox;
    /** The mdat whose samples are being published, or null between mdats. */
    private BoxHeader openMdat;
    private MdatContext openContext;
    /** Whether the open mdat is described by the moov's sample tables rather than a moof. */
    private boolean tableMode;
    /** Sequence numbers for fragments written from sample tables. */
    private long tableFragments;

    private SampleListener sampleListener;

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
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
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
            decodeBoxes(in);
        } catch (MoqMuxException e) {
            throw fail(e);
        } catch (IndexOutOfBoundsException e) {
            // A parser bug must still surface as our exception, never as a raw Netty error.
            throw fail(new MoqMuxException(Kind.MALFORMED, position, "inconsistent box structure: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw fail(new MoqMuxException(Kind.ILLEGAL_STATE, position, "import failed: " + e, e));
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
        ByteBuf buffer = allocator.heapBuffer(READ_CHUNK);
        try {
            while (true) {
                buffer = writable(buffer, READ_CHUNK);
                int read;
                try {
                    read = buffer.writeBytes(in, buffer.writableBytes());
                } catch (IOException e) {
                    throw fail(new MoqMuxException(Kind.IO, position + buffer.readableBytes(),
                        "reading the input failed: " + e.getMessage(), e));
                }
                if (read < 0) {
                    break;
                }
                decode(buffer);
            }
            checkComplete(buffer.readableBytes());
        } finally {
            buffer.release();
        }
    }

    /**
     * Imports a file. Like {@link #decodeFrom(InputStream)}, but a regular MP4 whose {@code moov}
     * comes after its {@code mdat} is read by seeking to the {@code moov} first, so the
     * {@code mdat} is streamed, never buffered. Does not call {@link #finish()}.
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
        if (position != 0) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, position, "decodeFrom(Path) must start at stream offset 0");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            try {
                readMoovBySeeking(channel);
            } catch (MoqMuxException e) {
                throw fail(e);
            }
            decodeFrom(Channels.newInputStream(channel.position(0)));
        } catch (IOException e) {
            throw fail(new MoqMuxException(Kind.IO, position, "reading " + file + " failed: " + e.getMessage(), e));
        }
    }

    /** Walks the top-level box headers; imports ftyp and a moov that lies behind an mdat. */
    private void readMoovBySeeking(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 0;
        boolean mdatFirst = false;
        ByteBuf header = allocator.heapBuffer(16);
        try {
            while (at < size) {
                header.clear();
                header.writeBytes(channel, at, (int) Math.min(16, size - at));
                BoxHeader h = BoxHeaderReader.read(header, 0, at);
                if (h == null || h.extendsToEnd() || h.type() == FourCC.MOOF) {
                    return;
                }
                if (h.type() == FourCC.MDAT) {
                    mdatFirst = true;
                } else if (h.type() == FourCC.MOOV || h.type() == FourCC.FTYP) {
                    if (h.type() == FourCC.MOOV && !mdatFirst) {
                        return; // in front: the stream brings it in order
                    }
                    checkBoxSize(h);
                    ByteBuf box = allocator.heapBuffer((int) h.size());
                    try {
                        box.writeBytes(channel, at, (int) h.size());
                        if (box.readableBytes() < h.size()) {
                            throw new MoqMuxException(Kind.TRUNCATED, at, "file ends inside the '"
                                + FourCC.toString(h.type()) + "' box");
                        }
                        if (h.type() == FourCC.FTYP) {
                            ftyp = Mp4Parser.parseFtyp(box, at);
                        } else {
                            initialize(Mp4Parser.parseMoov(box, at, config.maxTracks()), at);
                            preloadedMoovOffset = at;
                            return;
                        }
                    } finally {
                        box.release();
                    }
                }
                at = h.end();
            }
        } finally {
            header.release();
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
        ByteBuf fresh = allocator.heapBuffer(Math.max(unread * 2, unread + wanted));
        fresh.writeBytes(buffer, buffer.readerIndex(), unread);
        buffer.release();
        return fresh;
    }

    private void checkComplete(int leftover) {
        if (skipRemaining > 0) {
            throw fail(new MoqMuxException(Kind.TRUNCATED, position,
                "input ended inside a skipped box, " + skipRemaining + " bytes short"));
        }
        if (openMdat != null) {
            String missing = openMdat.extendsToEnd() ? "before all of its samples arrived"
                : (openMdat.end() - position - leftover) + " bytes short";
            throw fail(new MoqMuxException(Kind.TRUNCATED, position, "input ended inside an mdat, " + missing));
        }
        if (leftover > 0 && moov == null && waitingMdat) {
            throw fail(new MoqMuxException(Kind.UNEXPECTED_BOX, position,
                "mdat before moov, and the input ended without a moov to describe it"));
        }
        if (leftover > 0) {
            throw fail(new MoqMuxException(Kind.TRUNCATED, position,
                "input ended inside a box: " + leftover + " bytes of an incomplete box remain"));
        }
        if (pendingMoof != null) {
            throw fail(new MoqMuxException(Kind.TRUNCATED, pendingMoof.offset(),
                "input ended after a moof without its mdat"));
        }
    }

    /**
     * Ends every track normally, finishing open groups. Call it at the end of the stream.
     * Idempotent.
     */
    public void finish() {
        if (finished || failure != null) {
            return;
        }
        finished = true;
        if (pendingMoof != null) {
            log.warn("stream finished after a moof at byte {} whose mdat never arrived; its samples are lost",
                pendingMoof.offset());
        }
        if (openMdat != null) {
            log.warn("stream finished inside the mdat at byte {}; the samples still missing are lost",
                openMdat.offset());
        }
        abandonFragment(new MoqMuxException(Kind.TRUNCATED, position, "stream finished inside a fragment"));
        for (ImportedTrack track : tracks.values()) {
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
        if (failure == null) {
            finish();
        }
        abandonFragment(new MoqMuxException(Kind.ILLEGAL_STATE, position, "importer closed"));
        if (!tracks.isEmpty()) {
            List<String> names = tracks.values().stream().map(t -> t.name).toList();
            catalog.update(c -> {
                Catalog updated = c;
                for (String name : names) {
                    updated = updated.withoutRendition(name);
                }
                return updated;
            });
        }
    }

    /**
     * Sets the listener told about every published sample, or null for none.
     *
     * @param listener the listener, called on the feeding thread inside {@code decode}
     */
    public void setSampleListener(SampleListener listener) {
        this.sampleListener = listener;
    }

    /** @return whether a {@code moov} has been imported */
    public boolean isInitialized() {
        return moov != null;
    }

    /** @return the absolute stream offset of the next byte {@link #decode} will consume */
    public long position() {
        return position;
    }

    /**
     * @return what was published per track so far, in the order the tracks were created (tracks
     *     of an earlier {@code moov} first)
     */
    public List<TrackStats> tracks() {
        List<TrackStats> stats = new ArrayList<>();
        for (ImportedTrack track : retired) {
            stats.add(track.stats());
        }
        for (ImportedTrack track : tracks.values()) {
            stats.add(track.stats());
        }
        return stats;
    }

    // ---------------------------------------------------------------------------------------
    // Top-level boxes

    private void decodeBoxes(ByteBuf in) {
        while (true) {
            if (skipToEnd) {
                position += in.readableBytes();
                in.skipBytes(in.readableBytes());
                return;
            }
            if (skipRemaining > 0) {
                int n = (int) Math.min(skipRemaining, in.readableBytes());
                in.skipBytes(n);
                position += n;
                skipRemaining -= n;
                if (skipRemaining > 0) {
                    return;
                }
            }
            if (openMdat != null) {
                if (!continueMdat(in)) {
                    return;
                }
                continue;
            }
            BoxHeader header = BoxHeaderReader.read(in, in.readerIndex(), position);
            if (header == null) {
                return;
            }
            int type = header.type();
            if (type != FourCC.FTYP && type != FourCC.MOOV && type != FourCC.MOOF && type != FourCC.MDAT) {
                // styp, sidx, free, skip, emsg, prft, uuid, mfra, meta, …: nothing we need, and
                // never buffered, however large.
                log.debug("skipping '{}' box at byte {}", FourCC.toString(type), position);
                if (header.extendsToEnd()) {
                    skipToEnd = true;
                } else {
                    skipRemaining = header.size();
                }
                continue;
            }
            if (type == FourCC.MDAT) {
                waitingMdat = moov == null && pendingMoof == null;
                if (waitingMdat && !readMoovAhead(header, in)) {
                    return;
                }
                waitingMdat = false;
                // Its samples are published as their bytes arrive: the box is never buffered whole
                // (except in whole-mdat mode, where continueMdat waits for all of it).
                startMdat(header, in);
                continue;
            }
            if (header.extendsToEnd()) {
                throw new MoqMuxException(Kind.UNSUPPORTED, position, "a '" + FourCC.toString(type)
                    + "' box of size 0 (extending to the end of the stream) is not supported");
            }
            checkBoxSize(header);
            if (in.readableBytes() < header.size()) {
                return;
            }
            int start = in.readerIndex();
            ByteBuf box = in.slice(start, (int) header.size());
            handleBox(header, box);
            in.readerIndex(start + (int) header.size());
            position += header.size();
        }
    }

    /**
     * A regular MP4 may put its moov after the mdat. From a stream, the mdat must then be held
     * (up to {@link Fmp4Config#maxBoxSize()}) until the moov behind it is complete; the moov is
     * imported first and skipped when the stream reaches it. {@link #decodeFrom(Path)} avoids the
     * buffering by seeking.
     *
     * @return whether the moov was found and imported; false to wait for more bytes
     */
    private boolean readMoovAhead(BoxHeader mdat, ByteBuf in) {
        if (mdat.extendsToEnd()) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, mdat.offset(),
                "mdat before moov that runs to the end of the stream: there is no moov to describe it");
        }
        long index = in.readerIndex();
        long at = mdat.offset();
        while (true) {
            // checkAhead keeps at - mdat.offset() within maxBoxSize, so the index fits an int.
            BoxHeader next = BoxHeaderReader.read(in, (int) (index + at - mdat.offset()), at);
            if (next == null) {
                checkAhead(mdat, at + 16);
                return false;
            }
            if (next.extendsToEnd()) {
                throw new MoqMuxException(Kind.UNEXPECTED_BOX, mdat.offset(),
                    "mdat before moov, and no moov follows it before a box that runs to the end of the stream");
            }
            checkAhead(mdat, next.end());
            if (next.type() == FourCC.MOOV) {
                if (index + next.end() - mdat.offset() > in.writerIndex()) {
                    return false;
                }
                int start = (int) (index + next.offset() - mdat.offset());
                log.info("moov at byte {} follows the mdat at byte {}: read ahead", next.offset(), mdat.offset());
                initialize(Mp4Parser.parseMoov(in.slice(start, (int) next.size()), next.offset(), config.maxTracks()),
                    next.offset());
                preloadedMoovOffset = next.offset();
                return true;
            }
            if (next.type() == FourCC.MOOF) {
                throw new MoqMuxException(Kind.UNEXPECTED_BOX, mdat.offset(),
                    "mdat before moov: the stream must start with an init segment (ftyp + moov)");
            }
            at = next.end();
        }
    }

    private void checkAhead(BoxHeader mdat, long end) {
        if (end - mdat.offset() > config.maxBoxSize()) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, mdat.offset(), "mdat before moov: the "
                + (end - mdat.offset()) + "+ bytes up to the moov exceed the limit of " + config.maxBoxSize()
                + " bytes that may be buffered (Fmp4Config.maxBoxSize); import the file with decodeFrom(Path),"
                + " which seeks to the moov instead");
        }
    }

    private void checkBoxSize(BoxHeader header) {
        if (header.size() > config.maxBoxSize()) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, header.offset(), "'" + FourCC.toString(header.type())
                + "' box of " + header.size() + " bytes exceeds the limit of " + config.maxBoxSize()
                + " bytes (Fmp4Config.maxBoxSize)");
        }
    }

    private void handleBox(BoxHeader header, ByteBuf box) {
        int type = header.type();
        if (type == FourCC.FTYP) {
            ftyp = Mp4Parser.parseFtyp(box, header.offset());
        } else if (type == FourCC.MOOV) {
            if (header.offset() == preloadedMoovOffset) {
                return; // read ahead already, when its mdat came first
            }
            if (pendingMoof != null) {
                throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(), "moov between a moof and its mdat");
            }
            initialize(Mp4Parser.parseMoov(box, header.offset(), config.maxTracks()), header.offset());
        } else if (type == FourCC.MOOF) {
            if (moov == null) {
                throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                    "moof before moov: the stream must start with an init segment (ftyp + moov)");
            }
            if (pendingMoof != null) {
                throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                    "second moof before the mdat of the moof at byte " + pendingMoof.offset());
            }
            // The limit covers all trafs: runs without per-sample fields take no bytes per sample.
            try {
                pendingMoof = Mp4Parser.parseMoof(box, header.offset(), config.maxSamplesPerFragment());
            } catch (MoqMuxException e) {
                if (e.kind() != Kind.LIMIT_EXCEEDED) {
                    throw e;
                }
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, e.offset(), e.detail()
                    + " (Fmp4Config.maxSamplesPerFragment)", e);
            }
            if (config.passthrough()) {
                // Kept until the mdat arrives, when a single-track fragment passes through unchanged.
                pendingMoofBox = box.retainedSlice();
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // moov: tracks and catalog

    private void initialize(Moov newMoov, long offset) {
        if (newMoov.traks().size() > config.maxTracks()) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "moov declares " + newMoov.traks().size()
                + " tracks, more than the limit of " + config.maxTracks() + " (Fmp4Config.maxTracks)");
        }
        Map<Long, Trex> newTrex = new HashMap<>();
        if (newMoov.mvex() != null) {
            for (Trex trex : newMoov.mvex().trex()) {
                newTrex.put(trex.trackId(), trex);
            }
        }

        // Validate every track and build every rendition before creating anything, so a bad
        // track leaves no half-created broadcast behind.
        List<Planned> planned = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long shift = 0;
        for (Trak trak : newMoov.traks()) {
            long trackId = trak.tkhd().trackId();
            if (!seen.add(trackId)) {
                throw new MoqMuxException(Kind.MALFORMED, offset, "moov declares track id " + trackId + " twice");
            }
            int handler = trak.mdia().hdlr().handlerType();
            TrackKind kind = handler == HANDLER_VIDEO ? TrackKind.VIDEO : handler == HANDLER_AUDIO ? TrackKind.AUDIO : null;
            if (kind == null) {
                log.warn("skipping track {} with handler '{}': only video (vide) and audio (soun) are imported",
                    trackId, FourCC.toString(handler));
                continue;
            }
            if (!config.tracks().includes(kind)) {
                log.info("skipping {} track {}: Fmp4Config.tracks is {}", kind, trackId, config.tracks());
                continue;
            }
            List<SampleEntry> entries = trak.mdia().stbl().sampleEntries();
            if (entries.isEmpty()) {
                throw new MoqMuxException(Kind.MISSING_BOX, offset, "track " + trackId + " has no sample entry (stsd)");
            }
            if (entries.size() > 1) {
                log.warn("track {} has {} sample entries; the catalog describes the first", trackId, entries.size());
            }
            Timeline timeline = Timeline.of(trak.mdia().mdhd().timescale(), newMoov.mvhd().timescale(),
                trak.editList(), offset);
            shift = Math.max(shift, timeline.shiftMicros(offset));
            planned.add(new Planned(trak, kind, entries.get(0), timeline, newTrex.get(trackId)));
        }
        long newOffsetMicros = shift;

        List<ImportedTrack> created = new ArrayList<>();
        List<Object> configs = new ArrayList<>();
        for (Planned p : planned) {
            long trackId = p.trak.tkhd().trackId();
            Container container = config.passthrough()
                ? new Container.Cmaf(p.timeline.timescale(), trackId, BoxWriter.initSegment(ftyp, newMoov.mvhd(), p.trak, p.trex))
                : new Container.Legacy();
            if (p.kind == TrackKind.VIDEO) {
                if (!(p.entry instanceof VisualSampleEntry visual)) {
                    throw new MoqMuxException(Kind.UNSUPPORTED, offset, "video track " + trackId
                        + " has an unsupported sample entry '" + FourCC.toString(p.entry.format()) + "'");
                }
                // An empty av1C: the rendition waits for the first in-band sequence header.
                configs.add(visual.format() == FourCC.AV01 && visual.config() == null ? null
                    : TrackConfigs.video(visual, container, offset));
            } else {
                if (!(p.entry instanceof AudioSampleEntry audio)) {
                    throw new MoqMuxException(Kind.UNSUPPORTED, offset, "audio track " + trackId
                        + " has an unsupported sample entry '" + FourCC.toString(p.entry.format()) + "'");
                }
                configs.add(TrackConfigs.audio(audio, container, offset));
            }
        }

        // A second moov (encoder restart, HLS discontinuity) replaces the first: its tracks end.
        List<String> replaced = new ArrayList<>();
        for (ImportedTrack old : tracks.values()) {
            old.output.finish();
            replaced.add(old.name);
            retired.add(old);
        }
        if (moov != null) {
            log.info("a new moov at byte {} replaces the previous one; {} track(s) finished", offset, replaced.size());
        }
        tracks.clear();
        trexById.clear();
        trexById.putAll(newTrex);
        declaredTrackIds.clear();
        declaredTrackIds.addAll(seen);
        moov = newMoov;
        offsetMicros = newOffsetMicros;

        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            long trackId = p.trak.tkhd().trackId();
            TrackProducer producer = broadcast.uniqueTrack(config.passthrough() ? ".m4s" : ".hang");
            TrackOutput output = config.passthrough()
                ? new CmafOutput(producer, p.kind, config.maxAudioGroupDurationMicros(), trackId,
                    p.timeline.decodeTimeDelta(offsetMicros, offset), allocator)
                : new LegacyOutput(producer, p.kind, config.maxAudioGroupDurationMicros());
            Object rendition = configs.get(i);
            ImportedTrack track = new ImportedTrack(trackId, p.kind, producer.info().name(), p.timeline, p.trex, output,
                rendition instanceof VideoConfig v ? v : null, rendition instanceof AudioConfig a ? a : null,
                config.progressive() ? JitterEstimate.Mode.REORDER : JitterEstimate.Mode.FRAGMENT);
            if (p.trak.mdia().stbl().samples().sampleCount() > 0) {
                track.table = new TableSamples(p.trak.mdia().stbl().samples());
            }
            if (p.kind == TrackKind.VIDEO && rendition == null) {
                track.resolveVideo = av1Resolver((VisualSampleEntry) p.entry, p.trak, newMoov, p.trex, offset);
                log.info("track {}: its av1C is empty; the codec comes from the first sequence header", trackId);
            }
            tracks.put(trackId, track);
            created.add(track);
            log.info("track {} ({}) → {} codec {}", trackId, p.kind, track.name, track.codec());
        }
        catalog.update(c -> {
            Catalog updated = c;
            for (String name : replaced) {
                updated = updated.withoutRendition(name);
            }
            for (ImportedTrack track : created) {
                updated = track.putInto(updated);
            }
            return updated;
        });
    }

    private record Planned(Trak trak, TrackKind kind, SampleEntry entry, Timeline timeline, Trex trex) {
    }

    /**
     * Builds the rendition of an AV1 track whose av1C is empty from its first sequence header: the
     * codec string from the header, and in passthrough an init segment with a real av1C.
     */
    private Function<Av1SequenceHeader, VideoConfig> av1Resolver(VisualSampleEntry entry,
                                                                                     Trak trak, Moov movie, Trex trex,
                                                                                     long offset) {
        Ftyp initFtyp = ftyp;
        return header -> {
            Av1C av1c = new Av1C(header.profile(), header.level(),
                header.highTier(), header.highBitdepth(), header.twelveBit(), header.monochrome(),
                header.subsamplingX(), header.subsamplingY(), header.chromaSamplePosition(), header.obu());
            Colr colr = new Colr(FourCC.of("nclx"), header.colourPrimaries(),
                header.transferCharacteristics(), header.matrixCoefficients(), header.fullRange());
            VisualSampleEntry resolved = new VisualSampleEntry(entry.format(), entry.width(), entry.height(), av1c,
                entry.pasp(), colr, entry.btrt());
            Container container = config.passthrough()
                ? new Container.Cmaf(trak.mdia().mdhd().timescale(), trak.tkhd().trackId(),
                    BoxWriter.initSegment(initFtyp, movie.mvhd(), new Trak(trak.tkhd(), trak.editList(), trak.mdia(),
                        BoxWriter.withAv1C(trak.initSegmentTrak(), header.av1cPayload())), trex))
                : new Container.Legacy();
            return TrackConfigs.video(resolved, container, offset);
        };
    }

    // ---------------------------------------------------------------------------------------
    // moof + mdat: samples

    /**
     * Opens an mdat: resolves and validates every sample of the pending moof, starts the track
     * fragments, and consumes the mdat header. Samples follow in {@link #continueMdat}.
     */
    private void startMdat(BoxHeader header, ByteBuf in) {
        if (moov == null) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                "mdat before moov: the stream must start with an init segment (ftyp + moov)");
        }
        if (pendingMoof == null && tracks.values().stream().noneMatch(t -> t.table != null)) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                "mdat that neither a moof nor the moov's sample tables describe");
        }
        if (!config.progressive() && !header.extendsToEnd()) {
            checkBoxSize(header); // whole-mdat mode buffers it
        }
        if (pendingMoof == null) {
            startTableMdat(header, in);
            return;
        }
        Moof moof = pendingMoof;
        pendingMoof = null;
        ByteBuf moofBox = pendingMoofBox;
        pendingMoofBox = null;
        ByteBuf mdatHeaderBox = moofBox != null ? in.retainedSlice(in.readerIndex(), header.headerSize()) : null;
        openContext = new MdatContext(header, moof, moofBox, mdatHeaderBox, moof.sequenceNumber());
        openMdat = header;

        long previousTrafEnd = moof.offset();
        List<Traf> trafs = moof.trafs();
        planCount = 0;
        for (int t = 0; t < trafs.size(); t++) {
            Traf traf = trafs.get(t);
            ImportedTrack track = tracks.get(traf.tfhd().trackId());
            if (track == null && !declaredTrackIds.contains(traf.tfhd().trackId())) {
                throw new MoqMuxException(Kind.MALFORMED, traf.offset(), "traf for track id "
                    + traf.tfhd().trackId() + ", which the moov does not declare");
            }
            TrafPlan plan = nextPlan(track);
            previousTrafEnd = resolveSamples(traf, t == 0, moof, previousTrafEnd, header, plan);
            if (track != null) {
                plan.from = firstPublished(track, plan.batch);
            }
            plan.ready();
        }
        // Every sample is known to lie inside the mdat: only now do fragments begin, so a bad
        // moof publishes nothing.
        beginFragments(header, in);
    }

    /**
     * Opens an mdat whose samples the moov's sample tables describe (a regular MP4, or the first
     * fragment of a file written without an empty moov). Fragments are planned from the tables one
     * at a time per track, so memory does not grow with the length of the file.
     */
    private void startTableMdat(BoxHeader header, ByteBuf in) {
        openContext = new MdatContext(header, null, null, null, ++tableFragments);
        openMdat = header;
        tableMode = true;
        planCount = 0;
        for (ImportedTrack track : tracks.values()) {
            TrafPlan plan = nextPlan(track);
            if (!planFromTable(plan)) {
                planCount--;
            }
        }
        beginFragments(header, in);
    }

    /** Begins the planned track fragments and consumes the mdat header: the samples follow. */
    private void beginFragments(BoxHeader header, ByteBuf in) {
        for (int p = 0; p < planCount; p++) {
            TrafPlan plan = plans.get(p);
            if (!plan.done()) {
                plan.track.output.beginFragment(plan.batch, plan.from, openContext);
            }
        }
        in.skipBytes(header.headerSize());
        position += header.headerSize();
    }

    /**
     * Fills the plan with the track's next fragment from its sample tables: a GOP for video, about
     * one audio group for audio, only samples inside the open mdat.
     *
     * @return false when the track has no more samples in this mdat
     */
    private boolean planFromTable(TrafPlan plan) {
        ImportedTrack track = plan.track;
        TableSamples table = track.table;
        long mdatEnd = endOf(openMdat);
        if (table == null || !table.hasNext() || table.peek().position >= mdatEnd) {
            return false;
        }
        plan.reset(track);
        SampleBatch batch = plan.batch;
        long groupStart = 0;
        long largestSample = largestBufferedSample();
        while (table.hasNext()) {
            SampleTable.Cursor s = table.peek();
            if (s.position >= mdatEnd) {
                break; // the rest lies in a later mdat
            }
            if (s.position < openMdat.payloadOffset() || s.size > mdatEnd - s.position) {
                throw new MoqMuxException(Kind.SAMPLE_OUT_OF_RANGE, s.position, "sample " + (s.index + 1)
                    + " of track " + track.trackId + " (sample tables) spans bytes [" + s.position + ", "
                    + (s.position + s.size) + ") outside the mdat payload starting at " + openMdat.payloadOffset());
            }
            if (s.position < position) {
                throw new MoqMuxException(Kind.UNSUPPORTED, s.position, "sample " + (s.index + 1) + " of track "
                    + track.trackId + " lies before bytes already published; sample tables whose data runs"
                    + " backwards cannot be streamed (re-mux the file)");
            }
            // Reported at the sample tables that declare the sample, as for a traf.
            if (s.size > largestSample) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, table.tableOffset(), "sample " + (s.index + 1)
                    + " at byte " + s.position + " of " + s.size + " bytes exceeds the limit of " + largestSample
                    + " bytes (Fmp4Config.maxBoxSize)");
            }
            long pts;
            try {
                pts = Math.addExact(s.decodeTime, s.compositionOffset);
            } catch (ArithmeticException e) {
                throw new MoqMuxException(Kind.BAD_TIMESTAMP, table.tableOffset(), "presentation time overflows");
            }
            long ts = track.timeline.toMicros(pts, offsetMicros, table.tableOffset());
            boolean keyframe = track.kind == TrackKind.AUDIO || s.sync;
            if (batch.count > 0) {
                if (track.kind == TrackKind.VIDEO ? keyframe : ts - groupStart >= config.maxAudioGroupDurationMicros()) {
                    break;
                }
                if (batch.count >= config.maxSamplesPerFragment()) {
                    break;
                }
            } else {
                groupStart = ts;
            }
            // Sample flags as a trun would carry them, for fragments written in passthrough.
            batch.add(s.position, s.size, s.decodeTime, s.duration, keyframe ? 0x0200_0000 : 0x0101_0000,
                s.compositionOffset, ts, keyframe);
            table.advance();
        }
        track.nextDecodeTime = table.endDecodeTime();
        if (!table.hasNext()) {
            track.table = null;
        }
        plan.from = firstPublished(track, batch);
        plan.ready();
        return true;
    }

    /** @return the end of an mdat's payload, Long.MAX_VALUE when it runs to the end of the stream */
    private static long endOf(BoxHeader mdat) {
        return mdat.extendsToEnd() ? Long.MAX_VALUE : mdat.end();
    }

    /**
     * @return the largest sample the importer may have to hold: progressive publishing buffers
     *     at most one sample, bounded like a box; whole-mdat mode bounds the mdat instead
     */
    private long largestBufferedSample() {
        return config.progressive() ? config.maxBoxSize() : Long.MAX_VALUE;
    }

    private TrafPlan nextPlan(ImportedTrack track) {
        if (planCount == plans.size()) {
            plans.add(new TrafPlan());
        }
        TrafPlan plan = plans.get(planCount++);
        plan.reset(track);
        return plan;
    }

    /**
     * Publishes every sample whose bytes are all present, then releases the bytes no pending
     * sample needs (the reader index moves to the lowest start of a pending sample).
     *
     * @return whether the mdat is complete
     */
    private boolean continueMdat(ByteBuf in) {
        long available = position + in.readableBytes();
        long mdatEnd = endOf(openMdat);
        // Whole-mdat mode waits for the complete box; an mdat that runs to the end of the stream
        // has no end to wait for, so its samples go out as they arrive.
        if (!config.progressive() && !openMdat.extendsToEnd() && available < mdatEnd) {
            return false;
        }
        long lowestPending = Long.MAX_VALUE;
        for (int p = 0; p < planCount; p++) {
            TrafPlan plan = plans.get(p);
            ImportedTrack track = plan.track;
            if (track == null) {
                continue;
            }
            // Two trafs of one track in one moof: the second waits for the first, to keep order.
            while (!track.busy) {
                if (!plan.done()) {
                    SampleBatch batch = plan.batch;
                    while (plan.next < batch.count && batch.position[plan.next] + batch.size[plan.next] <= available) {
                        int i = plan.next++;
                        int index = in.readerIndex() + (int) (batch.position[i] - position);
                        try {
                            publishSample(track, batch, i, in.retainedSlice(index, (int) batch.size[i]));
                        } catch (MoqMuxException e) {
                            throw e.atOffset(batch.position[i]);
                        }
                    }
                    if (!plan.done()) {
                        break;
                    }
                    endFragment(plan);
                }
                // Sample tables: plan the track's next fragment in this mdat, if any.
                if (!tableMode || !planFromTable(plan)) {
                    break;
                }
                if (!plan.done()) {
                    track.output.beginFragment(plan.batch, plan.from, openContext);
                }
            }
            track.busy = !plan.done();
            lowestPending = Math.min(lowestPending, plan.lowestPendingStart());
            if (tableMode && track.table != null && track.table.hasNext() && track.table.peek().position < mdatEnd) {
                lowestPending = Math.min(lowestPending, track.table.peek().position);
            }
        }
        for (int p = 0; p < planCount; p++) {
            if (plans.get(p).track != null) {
                plans.get(p).track.busy = false;
            }
        }
        long release = Math.min(lowestPending, Math.min(available, mdatEnd));
        in.skipBytes((int) (release - position));
        position = release;
        if (lowestPending != Long.MAX_VALUE) {
            return false;
        }
        // Every sample is out; bytes of the mdat that no sample uses are skipped unbuffered.
        if (openMdat.extendsToEnd()) {
            skipToEnd = true;
        } else {
            skipRemaining = mdatEnd - position;
        }
        closeMdat();
        return true;
    }

    private void publishSample(ImportedTrack track, SampleBatch batch, int i, ByteBuf bytes) {
        if (track.resolveVideo != null && batch.keyframe[i]) {
            resolveFromSample(track, batch.position[i], bytes);
        }
        track.output.sample(batch, i, bytes);
        long ts = batch.timestamp[i];
        track.jitter.sample(ts);
        track.samples++;
        track.bytes += batch.size[i];
        if (track.firstTimestamp < 0) {
            track.firstTimestamp = ts;
        }
        track.lastTimestamp = ts;
        track.minTimestamp = Math.min(track.minTimestamp, ts);
        track.maxTimestamp = Math.max(track.maxTimestamp, ts);
        if (sampleListener != null) {
            sampleListener.samplePublished(track.name, ts, batch.position[i] + batch.size[i]);
        }
    }

    private void resolveFromSample(ImportedTrack track, long position, ByteBuf bytes) {
        Av1SequenceHeader header;
        VideoConfig video;
        try {
            header = Av1SequenceHeader.find(bytes, position);
            // apply validates the rendition (TrackConfigs.video) and may throw: the slice is
            // still ours until output.sample takes it, so both calls sit inside this try.
            video = header == null ? null : track.resolveVideo.apply(header);
        } catch (RuntimeException e) {
            bytes.release();
            throw e;
        }
        if (header != null) {
            track.resolveVideo = null;
            track.video = track.jitter.millis() >= 0 ? video.withJitter(track.jitter.millis()) : video;
            track.catalogChanged = true;
            log.info("track {}: codec {} from the in-band sequence header", track.name, video.codec());
        }
    }

    /** Ends a track fragment whose samples are all published; updates jitter and framerate. */
    private void endFragment(TrafPlan plan) {
        ImportedTrack track = plan.track;
        SampleBatch batch = plan.batch;
        track.output.endFragment(batch, plan.from);
        if (log.isDebugEnabled()) {
            // Guarded: the arguments box two longs per fragment even when debug is off.
            log.debug("track {}: fragment of {} sample(s) at {} µs", track.name, batch.count - plan.from,
                batch.timestamp[plan.from]);
        }
        if (track.jitter.endFragment()) {
            if (track.kind == TrackKind.VIDEO && track.video == null) {
                // Not announced yet: the jitter goes into the rendition when it is resolved.
                return;
            }
            if (track.kind == TrackKind.VIDEO) {
                track.video = track.video.withJitter(track.jitter.millis());
            } else {
                track.audio = track.audio.withJitter(track.jitter.millis());
            }
            track.catalogChanged = true;
        }
        if (track.kind == TrackKind.VIDEO && !track.framerateKnown && track.video != null) {
            long duration = typicalDuration(batch, plan.from);
            if (duration > 0) {
                track.framerateKnown = true;
                track.video = track.video.withFramerate((double) track.timeline.timescale() / duration);
                track.catalogChanged = true;
            }
        }
    }

    /** Ends the open mdat: one catalog update for everything its fragments changed. */
    private void closeMdat() {
        boolean changed = false;
        for (ImportedTrack track : tracks.values()) {
            changed |= track.catalogChanged;
            track.catalogChanged = false;
        }
        clearOpenMdat();
        if (changed) {
            catalog.update(c -> {
                Catalog updated = c;
                for (ImportedTrack track : tracks.values()) {
                    updated = track.putInto(updated);
                }
                return updated;
            });
        }
    }

    /**
     * @return the index of the first sample of the batch to publish: for a video track that has
     *     not started yet, its first keyframe (the samples before cannot be decoded and are dropped)
     */
    private static int firstPublished(ImportedTrack track, SampleBatch batch) {
        if (track.kind != TrackKind.VIDEO || track.started) {
            return 0;
        }
        int from = 0;
        while (from < batch.count && !batch.keyframe[from]) {
            from++;
        }
        if (from > 0) {
            track.dropped += from;
            log.warn("track {}: dropped {} sample(s) before the first keyframe", track.name, from);
        }
        track.started = from < batch.count;
        return from;
    }

    /**
     * Fills the plan's batch with the samples of one traf (for skipped tracks only the data end
     * is computed), following ISO/IEC 14496-12 §8.8.7–8 in absolute stream offsets (DESIGN §7),
     * and checks that every sample lies inside the mdat.
     *
     * @return the end of this traf's data, where the next traf's data starts by default
     */
    private long resolveSamples(Traf traf, boolean firstTraf, Moof moof, long previousTrafEnd, BoxHeader mdat,
                                TrafPlan plan) {
        ImportedTrack track = plan.track;
        SampleBatch batch = plan.batch;
        Tfhd tfhd = traf.tfhd();
        Trex trex = trexById.get(tfhd.trackId());
        long base;
        if (tfhd.hasBaseDataOffset()) {
            base = tfhd.baseDataOffset();
        } else if (tfhd.defaultBaseIsMoof() || firstTraf) {
            base = moof.offset();
        } else {
            base = previousTrafEnd;
        }
        long defaultDuration = tfhd.hasDefaultSampleDuration() ? tfhd.defaultSampleDuration()
            : trex != null ? trex.defaultSampleDuration() : 0;
        long defaultSize = tfhd.hasDefaultSampleSize() ? tfhd.defaultSampleSize()
            : trex != null ? trex.defaultSampleSize() : 0;
        int defaultFlags = tfhd.hasDefaultSampleFlags() ? tfhd.defaultSampleFlags()
            : trex != null ? trex.defaultSampleFlags() : 0;
        long mdatEnd = endOf(mdat);
        long largestSample = largestBufferedSample();

        long dts = traf.tfdt() != null ? traf.tfdt().baseMediaDecodeTime() : track != null ? track.nextDecodeTime : 0;
        if (dts < 0) {
            throw new MoqMuxException(Kind.BAD_TIMESTAMP, traf.offset(), "tfdt decode time exceeds 2^63 ticks");
        }
        long total = 0;
        long runEnd = base;
        List<Trun> truns = traf.truns();
        for (int r = 0; r < truns.size(); r++) {
            Trun trun = truns.get(r);
            long position = trun.hasDataOffset() ? base + trun.dataOffset() : runEnd;
            int count = trun.sampleCount();
            total += count;
            if (total > config.maxSamplesPerFragment()) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, traf.offset(), "track fragment holds more than "
                    + config.maxSamplesPerFragment() + " samples (Fmp4Config.maxSamplesPerFragment)");
            }
            for (int i = 0; i < count; i++) {
                long size = trun.hasSampleSizes() ? trun.size(i) : defaultSize;
                long duration = trun.hasSampleDurations() ? trun.duration(i) : defaultDuration;
                int flags = i == 0 && trun.hasFirstSampleFlags() ? trun.firstSampleFlags()
                    : trun.hasSampleFlags() ? trun.flags(i) : defaultFlags;
                long cto = trun.hasCompositionOffsets() ? trun.compositionOffset(i) : 0;
                if (position < mdat.payloadOffset() || size > mdatEnd - position) {
                    throw new MoqMuxException(Kind.SAMPLE_OUT_OF_RANGE, Math.max(position, 0), "sample " + i
                        + " of track " + tfhd.trackId() + " spans bytes [" + position + ", " + (position + size)
                        + ") outside the mdat payload [" + mdat.payloadOffset() + ", "
                        + (mdat.extendsToEnd() ? "end of stream" : Long.toString(mdatEnd)) + ")");
                }
                // Errors other than the range check are reported at the traf that declares the
                // sample: a claimed position may lie beyond the bytes received.
                if (size > largestSample) {
                    throw new MoqMuxException(Kind.LIMIT_EXCEEDED, traf.offset(), "sample " + i + " at byte " + position
                        + " of " + size + " bytes exceeds the limit of " + largestSample
                        + " bytes (Fmp4Config.maxBoxSize)");
                }
                if (track != null) {
                    long pts;
                    try {
                        pts = Math.addExact(dts, cto);
                    } catch (ArithmeticException e) {
                        throw new MoqMuxException(Kind.BAD_TIMESTAMP, traf.offset(), "presentation time overflows");
                    }
                    long timestamp = track.timeline.toMicros(pts, offsetMicros, traf.offset());
                    boolean keyframe = track.kind == TrackKind.AUDIO || isSyncSample(flags);
                    batch.add(position, size, dts, duration, flags, cto, timestamp, keyframe);
                }
                try {
                    dts = Math.addExact(dts, duration);
                } catch (ArithmeticException e) {
                    throw new MoqMuxException(Kind.BAD_TIMESTAMP, traf.offset(), "decode time overflows");
                }
                position += size;
            }
            runEnd = position;
        }
        if (track != null) {
            track.nextDecodeTime = dts;
        }
        return runEnd;
    }

    /**
     * A video sample starts a group when it is a sync sample that depends on no other (ISO/IEC
     * 14496-12 §8.8.3.1: sample_depends_on == 2, sample_is_non_sync_sample == 0). Muxers that
     * leave sample_depends_on at 0 ("unknown") but mark sync samples are honoured too; a sample
     * that says it depends on others (1) never starts a group.
     */
    static boolean isSyncSample(int flags) {
        int dependsOn = (flags >>> 24) & 0x3;
        boolean nonSync = ((flags >>> 16) & 0x1) != 0;
        return !nonSync && dependsOn != 1;
    }

    /** @return the most common positive sample duration of the batch from {@code from}, or 0 */
    private static long typicalDuration(SampleBatch batch, int from) {
        long best = 0;
        int bestCount = 0;
        for (int i = from; i < batch.count; i++) {
            long candidate = batch.duration[i];
            if (candidate <= 0 || candidate == best) {
                continue;
            }
            int count = 0;
            for (int j = from; j < batch.count; j++) {
                if (batch.duration[j] == candidate) {
                    count++;
                }
            }
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------------------------------
    // Failure

    private void checkUsable() {
        if (closed) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, position, "importer is closed");
        }
        if (failure != null) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, position, "importer failed earlier: " + failure.getMessage(), failure);
        }
        if (finished) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, position, "importer is finished");
        }
    }

    private MoqMuxException fail(MoqMuxException error) {
        if (failure != null) {
            return error;
        }
        failure = error;
        abandonFragment(error);
        for (ImportedTrack track : tracks.values()) {
            try {
                track.output.abort(error);
            } catch (RuntimeException e) {
                error.addSuppressed(e);
            }
        }
        return error;
    }

    /**
     * Drops a fragment that will not complete: the pending moof, and the open mdat's partial
     * fragment frames (their samples so far are discarded, not published as a short frame).
     */
    private void abandonFragment(Throwable cause) {
        pendingMoof = null;
        if (pendingMoofBox != null) {
            pendingMoofBox.release();
            pendingMoofBox = null;
        }
        if (openMdat != null) {
            for (int p = 0; p < planCount; p++) {
                TrafPlan plan = plans.get(p);
                if (!plan.done()) {
                    plan.track.output.abortFragment(cause);
                }
            }
            clearOpenMdat();
        }
    }

    /** Forgets the open mdat and releases the boxes its fragments were built from. */
    private void clearOpenMdat() {
        openContext.release();
        openContext = null;
        openMdat = null;
        tableMode = false;
        planCount = 0;
    }
}
