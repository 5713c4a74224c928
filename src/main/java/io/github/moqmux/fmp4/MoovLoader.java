package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Mp4Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and imports the {@code moov} for the {@link TopLevelReader}: counts the tracks of one that
 * is still arriving (so the track limit fires before it is buffered whole), reads one that lies
 * behind its {@code mdat} ahead from a stream or by seeking in a file, remembers it so the stream
 * skips it when it gets there, and recognises a repeated init segment.
 */
final class MoovLoader {
    private static final Logger log = LoggerFactory.getLogger(Fmp4Importer.class);

    private final ImportContext ctx;
    private final TrackSetup setup;
    /** Offset of a moov read ahead of its place in the stream, skipped when reached; -1 if none. */
    private long preloadedMoovOffset = -1;
    /** The incomplete moov whose traks {@link #countTraksAhead} counted, where it stopped, and the count. */
    private long scannedMoovOffset = -1;
    private long scanAt;
    private int scannedTraks;
    /** SHA-256 of the current moov's bytes, to recognise a repetition of it. */
    private byte[] moovDigest;

    MoovLoader(ImportContext ctx, TrackSetup setup) {
        this.ctx = ctx;
        this.setup = setup;
    }

    /** @return whether the moov at {@code offset} was imported already (read ahead or by seeking) */
    boolean isPreloaded(long offset) {
        return offset == preloadedMoovOffset;
    }

    /**
     * Counts the {@code trak}s of a moov that is still arriving, so that the track limit fires
     * before the whole moov is buffered (a 45 MB moov of 100 000 tracks would otherwise exhaust
     * a small heap first). Resumes where the last call stopped: linear in the moov's size. Only
     * child headers are read; anything odd is left to the full parse.
     */
    void countTraksAhead(BoxHeader moov, ByteBuf in) {
        if (scannedMoovOffset != moov.offset()) {
            scannedMoovOffset = moov.offset();
            scanAt = moov.payloadOffset();
            scannedTraks = 0;
        }
        long available = ctx.position + in.readableBytes();
        while (scanAt + 8 <= available && scanAt < moov.end()) {
            BoxHeader child;
            try {
                child = BoxHeaderReader.read(in, (int) (in.readerIndex() + scanAt - ctx.position), scanAt);
            } catch (MoqMuxException e) {
                return; // the full parse reports it
            }
            if (child == null || child.extendsToEnd() || child.end() > moov.end()) {
                return;
            }
            if (child.type() == FourCC.TRAK && ++scannedTraks > ctx.config.maxTracks()) {
                throw new MoqMuxException(Kind.LIMIT_EXCEEDED, moov.offset(), "'moov' declares more than "
                    + ctx.config.maxTracks() + " tracks (Fmp4Config.maxTracks)");
            }
            scanAt = child.end();
        }
    }

    /**
     * A regular MP4 may put its moov after the mdat. From a stream, the mdat must then be held
     * (up to {@link Fmp4Config#maxBoxSize()}) until the moov behind it is complete; the moov is
     * imported first and skipped when the stream reaches it. {@link Fmp4Importer#decodeFrom(java.nio.file.Path)}
     * avoids the buffering by seeking.
     *
     * @return whether the moov was found and imported; false to wait for more bytes
     */
    boolean readAhead(MdatHeader mdat, ByteBuf in) {
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
            TopLevelReader.checkType(next.type(), at);
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
                importMoov(in.slice(start, (int) next.size()), next.offset());
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

    /**
     * Imports a moov, unless it is byte for byte the current one: packagers that repeat the init
     * segment before every segment must not replace every track each time (new names, a catalog
     * update, and naming work that grows with every repetition).
     */
    void importMoov(ByteBuf box, long offset) {
        byte[] digest = digest(box);
        if (ctx.moov != null && MessageDigest.isEqual(digest, moovDigest)) {
            log.debug("the moov at byte {} repeats the current one: nothing changes", offset);
            return;
        }
        setup.initialize(Mp4Parser.parseMoov(box, offset, ctx.config.maxTracks()), offset);
        moovDigest = digest;
    }

    private static byte[] digest(ByteBuf box) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(box.nioBuffer(box.readerIndex(), box.readableBytes()));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private void checkAhead(MdatHeader mdat, long end) {
        long maxBoxSize = ctx.config.maxBoxSize();
        if (end - mdat.offset() > maxBoxSize) {
            throw new MoqMuxException(Kind.LIMIT_EXCEEDED, mdat.offset(), "mdat before moov: the "
                + (end - mdat.offset()) + "+ bytes up to the moov exceed the limit of " + maxBoxSize
                + " bytes that may be buffered (Fmp4Config.maxBoxSize); import the file with decodeFrom(Path),"
                + " which seeks to the moov instead");
        }
    }

    /** Walks a file's top-level box headers; imports ftyp and a moov that lies behind an mdat. */
    void readBySeeking(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 0;
        ByteBuf header = ctx.allocator.heapBuffer(16);
        try {
            while (at < size) {
                header.clear();
                header.writeBytes(channel, at, (int) Math.min(16, size - at));
                BoxHeader h = BoxHeaderReader.read(header, 0, at);
                if (h == null || h.extendsToEnd() || h.type() == FourCC.MOOF) {
                    return;
                }
                if (h.size() > size - at || !TopLevelReader.isPrintable(h.type())) {
                    // The box runs past the end of the file: reading the file as a stream reports
                    // it (TRUNCATED at the right offset); nothing it declares is allocated here.
                    return;
                }
                if (h.type() == FourCC.MOOV || h.type() == FourCC.FTYP) {
                    TopLevelReader.checkBoxSize(ctx.config, h.type(), h.offset(), h.size());
                    // Mapped, not read into the heap: memory for a moov is its sample tables, not
                    // its bytes too (a 38 MB moov imports under -Xmx64m). The stream then skips
                    // the moov unbuffered when it reaches it, in front of the mdat or behind it.
                    ByteBuf box = Unpooled.wrappedBuffer(channel.map(FileChannel.MapMode.READ_ONLY, at, h.size()));
                    try {
                        if (h.type() == FourCC.FTYP) {
                            ctx.ftyp = Mp4Parser.parseFtyp(box, at);
                        } else {
                            importMoov(box, at);
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
}
