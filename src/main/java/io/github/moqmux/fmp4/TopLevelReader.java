package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames the top-level boxes of the stream with one explicit parse {@link State}: reads box
 * headers, skips what the importer does not need without buffering it, hands {@code ftyp} and
 * {@code moov} to their parsers and {@link TrackSetup}, keeps a {@code moof} until its
 * {@code mdat}, and hands the {@code mdat} to the {@link MdatPublisher}. A {@code moov} behind its
 * {@code mdat} is read ahead (from a stream) or by seeking (from a file).
 */
final class TopLevelReader {
    private static final Logger log = LoggerFactory.getLogger(Fmp4Importer.class);

    /** Where the reader is between two calls of {@link #decode}. */
    enum State {
        /** At the start of a top-level box: its header comes next. */
        BOX_HEADER,
        /** Inside a box that is dropped unbuffered; {@link #skipRemaining} bytes to go. */
        SKIPPING,
        /** Everything up to the end of the stream is dropped (a skipped box of size 0, or after one). */
        SKIPPING_TO_END,
        /** At an mdat that precedes its moov: the bytes up to the moov are held until it is complete. */
        AWAITING_MOOV,
        /** Inside an mdat whose samples the {@link MdatPublisher} is publishing. */
        IN_MDAT
    }

    private final ImportContext ctx;
    private final MdatPublisher mdats;
    /** Finds and imports the moov when it is not where a fragmented stream has it. */
    private final MoovLoader moovs;
    private State state = State.BOX_HEADER;
    /** Bytes of a skipped box (sidx, free, …) or of an mdat's tail still to drop. */
    private long skipRemaining;
    /** The mdat being published (state IN_MDAT). */
    private MdatHeader mdat;
    /** The one mdat header, refilled for each mdat. */
    private final MdatHeader mdatHeader = new MdatHeader();
    /** The header {@link #readHeader} read last: type, header size, and size (-1: to the end of the stream). */
    private int boxType;
    private int boxHeaderSize;
    private long boxSize;
    /** The moof waiting for its mdat, and (when the container keeps source fragments) its bytes, owned here. */
    private FlatMoof pendingMoof;
    /** Reads each moof into {@link #flatMoof}, reused from fragment to fragment. */
    private final FlatMoofReader moofReader = new FlatMoofReader();
    private final FlatMoof flatMoof = new FlatMoof();
    private ByteBuf pendingMoofBox;
    TopLevelReader(ImportContext ctx, TrackSetup setup, MdatPublisher mdats) {
        this.ctx = ctx;
        this.mdats = mdats;
        this.moovs = new MoovLoader(ctx, setup);
    }

    /** Walks a file's top-level box headers; imports ftyp and a moov that lies behind an mdat. */
    void readMoovBySeeking(FileChannel channel) throws IOException {
        moovs.readBySeeking(channel);
    }

    /** @return the parse state */
    State state() {
        return state;
    }

    /** Consumes every complete top-level box (and every publishable sample) in {@code in}. */
    void decode(ByteBuf in) {
        while (true) {
            switch (state) {
                case SKIPPING_TO_END -> {
                    ctx.position += in.readableBytes();
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case SKIPPING -> {
                    int n = (int) Math.min(skipRemaining, in.readableBytes());
                    in.skipBytes(n);
                    ctx.position += n;
                    skipRemaining -= n;
                    if (skipRemaining > 0) {
                        return;
                    }
                    state = State.BOX_HEADER;
                }
                case IN_MDAT -> {
                    if (!mdats.resume(in)) {
                        return;
                    }
                    // Every sample is out; bytes of the mdat that no sample uses are skipped unbuffered.
                    if (mdat.extendsToEnd()) {
                        state = State.SKIPPING_TO_END;
                    } else {
                        skip(mdat.end() - ctx.position);
                    }
                    mdat = null;
                }
                case BOX_HEADER, AWAITING_MOOV -> {
                    if (!readBox(in)) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Every top-level box type is four printable ASCII characters; anything else is not a box
     * (a zeroed header, random bytes) and fails at once instead of being skipped, possibly to the
     * end of the stream.
     */
    static void checkType(int type, long offset) {
        if (!isPrintable(type)) {
            throw new MoqMuxException(Kind.MALFORMED, offset, String.format(
                "no box here: the type 0x%08x is not four printable characters", type));
        }
    }

    static boolean isPrintable(int type) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void skip(long bytes) {
        skipRemaining = bytes;
        state = bytes > 0 ? State.SKIPPING : State.BOX_HEADER;
    }

    /**
     * Reads the header at {@code in}'s reader index into {@link #boxType}, {@link #boxHeaderSize}
     * and {@link #boxSize} without allocating: this runs twice per fragment, and with one sample
     * per fragment a header record per box was a third of the allocation per sample (issue 13).
     * Rare shapes (a 64-bit size, size 0, {@code uuid}, a size below the header) go to the shared
     * {@link BoxHeaderReader}, which also reports the malformed ones.
     *
     * @return false when the header is not complete yet
     */
    private boolean readHeader(ByteBuf in) {
        int index = in.readerIndex();
        if (in.readableBytes() >= 8) {
            long size32 = in.getUnsignedInt(index);
            int type = in.getInt(index + 4);
            checkType(type, ctx.position);
            if (size32 >= 8 && type != FourCC.UUID) {
                boxType = type;
                boxHeaderSize = 8;
                boxSize = size32;
                return true;
            }
        }
        BoxHeader header = BoxHeaderReader.read(in, index, ctx.position);
        if (header == null) {
            return false;
        }
        boxType = header.type();
        boxHeaderSize = header.headerSize();
        boxSize = header.size();
        return true;
    }

    /** @return the header {@link #readHeader} read, as a record, for the paths that are not per fragment */
    private BoxHeader header() {
        return new BoxHeader(boxType, ctx.position, boxHeaderSize, boxSize);
    }

    /** @return false to wait for more bytes */
    private boolean readBox(ByteBuf in) {
        if (!readHeader(in)) {
            return false;
        }
        int type = boxType;
        long offset = ctx.position;
        boolean toEnd = boxSize < 0;
        if (type == FourCC.MOOV && moovs.isPreloaded(offset) && !toEnd) {
            // Imported already (read ahead or by seeking): skipped, never buffered.
            skipRemaining = boxSize;
            state = State.SKIPPING;
            return true;
        }
        if (type != FourCC.FTYP && type != FourCC.MOOV && type != FourCC.MOOF && type != FourCC.MDAT) {
            // styp, sidx, free, skip, emsg, prft, uuid, mfra, meta, …: nothing we need, and
            // never buffered, however large.
            if (log.isDebugEnabled()) {
                // Guarded: the arguments box a long and build a string per skipped box (styp, sidx, …).
                log.debug("skipping '{}' box at byte {}", FourCC.toString(type), offset);
            }
            if (toEnd) {
                state = State.SKIPPING_TO_END;
            } else {
                skipRemaining = boxSize;
                state = State.SKIPPING;
            }
            return true;
        }
        if (type == FourCC.MDAT) {
            MdatHeader header = mdatHeader.set(offset, boxHeaderSize, boxSize);
            if (ctx.moov == null && pendingMoof == null) {
                state = State.AWAITING_MOOV;
                if (!moovs.readAhead(header, in)) {
                    return false;
                }
            }
            // Its samples are published as their bytes arrive: the box is never buffered whole
            // (except in whole-mdat mode, where the publisher waits for all of it).
            startMdat(header, in);
            return true;
        }
        if (toEnd) {
            throw new MoqMuxException(Kind.UNSUPPORTED, offset, "a '" + FourCC.toString(type)
                + "' box of size 0 (extending to the end of the stream) is not supported");
        }
        checkBoxSize(ctx.config, type, offset, boxSize);
        if (in.readableBytes() < boxSize) {
            if (type == FourCC.MOOV) {
                moovs.countTraksAhead(header(), in);
            }
            return false;
        }
        state = State.BOX_HEADER;
        int start = in.readerIndex();
        int size = (int) boxSize;
        if (type == FourCC.MOOF) {
            readMoof(in, start, size, offset);
        } else if (type == FourCC.FTYP) {
            ctx.ftyp = Mp4Parser.parseFtyp(in.slice(start, size), offset);
        } else {
            readMoov(in.slice(start, size), offset);
        }
        in.readerIndex(start + size);
        ctx.position += size;
        return true;
    }

    /**
     * @return the size of the mdat (with an 8-byte header) that starts at {@code index} when all of
     *     it is readable, else 0; nothing is checked here beyond that, the mdat is read as usual
     */
    private static int completeMdatBehind(ByteBuf in, int index) {
        int readable = in.writerIndex() - index;
        if (readable < 8 || in.getInt(index + 4) != FourCC.MDAT) {
            return 0;
        }
        long size = in.getUnsignedInt(index);
        return size >= 8 && size <= readable ? (int) size : 0;
    }

    private void startMdat(MdatHeader header, ByteBuf in) {
        if (ctx.moov == null) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                "mdat before moov: the stream must start with an init segment (ftyp + moov)");
        }
        if (pendingMoof == null && !mdats.hasTableSamples()) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, header.offset(),
                "mdat that neither a moof nor the moov's sample tables describe");
        }
        if (!ctx.config.progressive() && !header.extendsToEnd()) {
            checkBoxSize(ctx.config, FourCC.MDAT, header.offset(), header.size()); // whole-mdat mode buffers it
        }
        FlatMoof moof = pendingMoof;
        pendingMoof = null;
        ByteBuf moofBox = pendingMoofBox;
        pendingMoofBox = null;
        mdat = header;
        state = State.IN_MDAT;
        mdats.start(header, in, moof, moofBox);
    }

    /** Refuses a box that would be buffered whole and is larger than {@link Fmp4Config#maxBoxSize()}. */
    static void checkBoxSize(Fmp4Config config, int type, long offset, long size) {
        long maxBoxSize = config.maxBoxSize();
        if (size > maxBoxSize) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, offset, "'" + FourCC.toString(type)
                + "' box of " + size + " bytes exceeds the limit of " + maxBoxSize
                + " bytes (Fmp4Config.maxBoxSize)");
        }
    }

    private void readMoov(ByteBuf box, long offset) {
        if (moovs.isPreloaded(offset)) {
            return; // read ahead already, when its mdat came first
        }
        if (pendingMoof != null) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, offset, "moov between a moof and its mdat");
        }
        moovs.importMoov(box, offset);
    }

    /** Reads the complete moof at {@code in}[{@code start}, {@code start + size}) without slicing it. */
    private void readMoof(ByteBuf in, int start, int size, long offset) {
        if (ctx.moov == null) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, offset,
                "moof before moov: the stream must start with an init segment (ftyp + moov)");
        }
        if (pendingMoof != null) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, offset,
                "second moof before the mdat of the moof at byte " + pendingMoof.offset());
        }
        // The limit covers all trafs: runs without per-sample fields take no bytes per sample.
        long maxSamples = ctx.config.maxSamplesPerFragment();
        try {
            pendingMoof = ctx.typedMoofReader
                ? flatMoof.fill(Mp4Parser.parseMoof(in.slice(start, size), offset, maxSamples))
                : moofReader.read(in, start, size, offset, maxSamples, flatMoof);
        } catch (MoqMuxException e) {
            if (e.kind() != Kind.LIMIT_EXCEEDED) {
                throw e;
            }
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, e.offset(), e.detail()
                + " (Fmp4Config.maxSamplesPerFragment)", e);
        }
        if (ctx.config.container().keepsSourceFragment()) {
            // Kept until the mdat arrives, when a single-track fragment passes through unchanged.
            // When the complete mdat is already here too, one slice holds the whole fragment, so
            // it can pass through without a slice per box and per sample.
            pendingMoofBox = in.retainedSlice(start, size + completeMdatBehind(in, start + size));
        }
    }

    /**
     * Checks that the input ended at a box boundary.
     *
     * @param leftover bytes given to the last decode that it did not consume
     * @throws MoqMuxException of kind {@code TRUNCATED} (or {@code UNEXPECTED_BOX} for an mdat
     *     whose moov never came) when it did not
     */
    void checkComplete(int leftover) {
        long position = ctx.position;
        if (state == State.SKIPPING) {
            throw new MoqMuxException(Kind.TRUNCATED, position,
                "input ended inside a skipped box, " + skipRemaining + " bytes short");
        }
        if (state == State.IN_MDAT) {
            String missing = mdat.extendsToEnd() ? "before all of its samples arrived"
                : (mdat.end() - position - leftover) + " bytes short";
            throw new MoqMuxException(Kind.TRUNCATED, position, "input ended inside an mdat, " + missing);
        }
        if (leftover > 0 && ctx.moov == null && state == State.AWAITING_MOOV) {
            throw new MoqMuxException(Kind.UNEXPECTED_BOX, position,
                "mdat before moov, and the input ended without a moov to describe it");
        }
        if (leftover > 0) {
            throw new MoqMuxException(Kind.TRUNCATED, position,
                "input ended inside a box: " + leftover + " bytes of an incomplete box remain");
        }
        if (pendingMoof != null) {
            throw new MoqMuxException(Kind.TRUNCATED, pendingMoof.offset(),
                "input ended after a moof without its mdat");
        }
        MoqMuxException owed = mdats.owedTableSamples(position);
        if (owed != null) {
            throw owed;
        }
    }

    /** @return the error for samples the sample tables declare that never arrived, or null */
    MoqMuxException owedTableSamples() {
        return mdats.owedTableSamples(ctx.position);
    }

    /** Logs what an early end of the stream loses. */
    void warnUnfinished() {
        if (pendingMoof != null) {
            log.warn("stream finished after a moof at byte {} whose mdat never arrived; its samples are lost",
                pendingMoof.offset());
        }
        if (state == State.IN_MDAT) {
            log.warn("stream finished inside the mdat at byte {}; the samples still missing are lost",
                mdat.offset());
        }
    }

    /**
     * Drops a fragment that will not complete: the pending moof, and the open mdat's partial
     * fragment frames.
     */
    void abandon(Throwable cause) {
        pendingMoof = null;
        if (pendingMoofBox != null) {
            pendingMoofBox.release();
            pendingMoofBox = null;
        }
        mdats.abandon(cause);
        if (state == State.IN_MDAT) {
            mdat = null;
            state = State.BOX_HEADER;
        }
    }
}
