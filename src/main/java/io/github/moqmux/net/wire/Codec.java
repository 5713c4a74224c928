package io.github.moqmux.net.wire;

import static io.github.moqmux.net.wire.Wire.INCOMPLETE;
import static io.github.moqmux.net.wire.Wire.peekVarint;
import static io.github.moqmux.net.wire.Wire.varintLength;
import static io.github.moqmux.net.wire.Wire.writeVarint;

import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Message.AnnounceOk;
import io.github.moqmux.net.wire.Message.ClientSetup;
import io.github.moqmux.net.wire.Message.GroupHeader;
import io.github.moqmux.net.wire.Message.Probe;
import io.github.moqmux.net.wire.Message.ServerSetup;
import io.github.moqmux.net.wire.Message.Setup;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.SubscribeUpdate;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes {@link Message}s with their framing (length prefix, and the type prefix of subscribe
 * responses) for a {@link Version}, and parses them incrementally from bytes still arriving.
 *
 * <p>Incremental parsing follows Netty's reader-index convention: {@link #read} returns
 * {@code null} and leaves the reader index untouched while the message is incomplete, and
 * consumes exactly the message once it is whole. A declared length above the caller's limit, a
 * body that does not parse, or a body with bytes left over throws {@link
 * io.github.moqmux.MoqMuxException} of kind {@code PROTOCOL} (a protocol violation: the session
 * closes with {@link ErrorCode#DECODE}).
 *
 * <p>This class is the package's entry point and holds the stream types, the message kinds and
 * the frame header, the small pieces both directions share; the message bodies are written by
 * {@code MessageEncoder} and parsed by {@code MessageDecoder}, each knowing every version.
 */
public final class Codec {
    /** Bidirectional stream types. */
    public static final long STREAM_SESSION = 0;
    /** Announce stream. */
    public static final long STREAM_ANNOUNCE = 1;
    /** Subscribe stream. */
    public static final long STREAM_SUBSCRIBE = 2;
    /** Fetch stream (not served). */
    public static final long STREAM_FETCH = 3;
    /** Probe stream. */
    public static final long STREAM_PROBE = 4;
    /** Goaway stream. */
    public static final long STREAM_GOAWAY = 5;
    /** Track stream (lite-05). */
    public static final long STREAM_TRACK = 6;
    /** ClientCompat: the {@code moql} CLIENT_SETUP envelope. */
    public static final long STREAM_CLIENT_COMPAT = 0x20;
    /** ServerCompat: the {@code moql} SERVER_SETUP envelope. */
    public static final long STREAM_SERVER_COMPAT = 0x21;
    /** Unidirectional stream type: a group. */
    public static final long UNI_GROUP = 0;
    /** Unidirectional stream type: SETUP (lite-05). */
    public static final long UNI_SETUP = 1;

    /** Which message a stream expects next; the session knows it from the stream's state. */
    public enum Kind {
        /** {@link ClientSetup}. */
        CLIENT_SETUP,
        /** {@link ServerSetup}. */
        SERVER_SETUP,
        /** {@link Setup}. */
        SETUP,
        /** {@link AnnounceInterest}. */
        ANNOUNCE_INTEREST,
        /** {@link AnnounceOk}. */
        ANNOUNCE_OK,
        /** {@link AnnounceInit}. */
        ANNOUNCE_INIT,
        /** {@link Announce}. */
        ANNOUNCE,
        /** {@link Subscribe}. */
        SUBSCRIBE,
        /** {@link SubscribeUpdate}. */
        SUBSCRIBE_UPDATE,
        /** A publisher's answer on a Subscribe stream: OK, START, END or DROP by version. */
        SUBSCRIBE_RESPONSE,
        /** {@link TrackRequest}. */
        TRACK,
        /** {@link TrackInfo}. */
        TRACK_INFO,
        /** {@link GroupHeader}. */
        GROUP,
        /** {@link Probe}. */
        PROBE
    }

    /**
     * A frame's header on a group stream: lite-05 has a zigzag timestamp delta before the size.
     *
     * @param timestampDelta the delta from the previous frame of the group (from 0 for the first),
     *                       in the track's timescale; 0 before lite-05
     * @param size           the payload size in bytes
     */
    public record FrameHeader(long timestampDelta, long size) {
    }

    private Codec() {
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes a message with its framing into a new heap buffer.
     *
     * @param alloc   the allocator
     * @param message the message
     * @param version the session's version
     * @return the bytes; the caller owns the buffer
     */
    public static ByteBuf encode(ByteBufAllocator alloc, Message message, Version version) {
        ByteBuf out = alloc.heapBuffer(32);
        try {
            write(out, message, version);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Writes a message with its framing.
     *
     * @param out     where to write
     * @param message the message
     * @param version the session's version
     * @throws IllegalArgumentException if the message does not exist in that version
     */
    public static void write(ByteBuf out, Message message, Version version) {
        MessageEncoder.write(out, message, version);
    }

    /**
     * Writes a frame header.
     *
     * @param out            where to write
     * @param version        the session's version
     * @param timestampDelta the signed delta in the track's timescale (lite-05 only)
     * @param size           the payload size
     */
    public static void writeFrameHeader(ByteBuf out, Version version, long timestampDelta, long size) {
        if (version == Version.LITE_05) {
            writeVarint(out, Wire.zigzag(timestampDelta));
        }
        writeVarint(out, size);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Reads a stream's type varint if it has arrived.
     *
     * @param in the stream's bytes
     * @return the type, or {@link Wire#INCOMPLETE}
     */
    public static long readStreamType(ByteBuf in) {
        long v = peekVarint(in, in.readerIndex());
        if (v != INCOMPLETE) {
            in.skipBytes(varintLength(in, in.readerIndex()));
        }
        return v;
    }

    /**
     * Reads a frame header if it has arrived whole.
     *
     * @param in      the group stream's bytes
     * @param version the session's version
     * @return the header, or null (reader index unchanged) when incomplete
     */
    public static FrameHeader readFrameHeader(ByteBuf in, Version version) {
        int idx = in.readerIndex();
        long delta = 0;
        if (version == Version.LITE_05) {
            long z = peekVarint(in, idx);
            if (z == INCOMPLETE) {
                return null;
            }
            idx += varintLength(in, idx);
            delta = Wire.unzigzag(z);
        }
        long size = peekVarint(in, idx);
        if (size == INCOMPLETE) {
            return null;
        }
        idx += varintLength(in, idx);
        in.readerIndex(idx);
        return new FrameHeader(delta, size);
    }

    /**
     * Reads one message of the expected kind if it has arrived whole.
     *
     * @param in        the stream's bytes
     * @param kind      the message expected
     * @param version   the session's version
     * @param maxLength the largest accepted body length
     * @return the message, or null (reader index unchanged) when incomplete
     * @throws io.github.moqmux.MoqMuxException of kind {@code PROTOCOL} if the length exceeds
     *     {@code maxLength} or the body is malformed
     */
    public static Message read(ByteBuf in, Kind kind, Version version, int maxLength) {
        return MessageDecoder.read(in, kind, version, maxLength);
    }
}
