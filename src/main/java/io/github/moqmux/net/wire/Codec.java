package io.github.moqmux.net.wire;

import static io.github.moqmux.net.wire.Wire.INCOMPLETE;
import static io.github.moqmux.net.wire.Wire.malformed;
import static io.github.moqmux.net.wire.Wire.peekVarint;
import static io.github.moqmux.net.wire.Wire.readBool;
import static io.github.moqmux.net.wire.Wire.readBounded;
import static io.github.moqmux.net.wire.Wire.readLength;
import static io.github.moqmux.net.wire.Wire.readOptional;
import static io.github.moqmux.net.wire.Wire.readString;
import static io.github.moqmux.net.wire.Wire.readU8;
import static io.github.moqmux.net.wire.Wire.readVarint;
import static io.github.moqmux.net.wire.Wire.varintLength;
import static io.github.moqmux.net.wire.Wire.writeOptional;
import static io.github.moqmux.net.wire.Wire.writeString;
import static io.github.moqmux.net.wire.Wire.writeVarint;

import io.github.moqmux.net.wire.Message.Announce;
import io.github.moqmux.net.wire.Message.AnnounceInit;
import io.github.moqmux.net.wire.Message.AnnounceInterest;
import io.github.moqmux.net.wire.Message.AnnounceOk;
import io.github.moqmux.net.wire.Message.ClientSetup;
import io.github.moqmux.net.wire.Message.GroupHeader;
import io.github.moqmux.net.wire.Message.Param;
import io.github.moqmux.net.wire.Message.Probe;
import io.github.moqmux.net.wire.Message.ServerSetup;
import io.github.moqmux.net.wire.Message.Setup;
import io.github.moqmux.net.wire.Message.SetupParam;
import io.github.moqmux.net.wire.Message.Subscribe;
import io.github.moqmux.net.wire.Message.SubscribeDrop;
import io.github.moqmux.net.wire.Message.SubscribeEnd;
import io.github.moqmux.net.wire.Message.SubscribeOk;
import io.github.moqmux.net.wire.Message.SubscribeStart;
import io.github.moqmux.net.wire.Message.SubscribeUpdate;
import io.github.moqmux.net.wire.Message.TrackInfo;
import io.github.moqmux.net.wire.Message.TrackRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

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
        ByteBuf body = Unpooled.buffer(32);
        long type = -1;
        boolean u16 = false;
        if (message instanceof ClientSetup m) {
            u16 = true;
            writeVarint(body, m.versions().size());
            for (long v : m.versions()) {
                writeVarint(body, v);
            }
            writeSetupParams(body, m.params());
        } else if (message instanceof ServerSetup m) {
            u16 = true;
            writeVarint(body, m.version());
            writeSetupParams(body, m.params());
        } else if (message instanceof Setup m) {
            require(version == Version.LITE_05, m, version);
            writeVarint(body, m.params().size());
            for (Param p : m.params()) {
                writeVarint(body, p.id());
                writeVarint(body, p.value().length);
                body.writeBytes(p.value());
            }
        } else if (message instanceof AnnounceInterest m) {
            writeString(body, m.prefix());
            if (version != Version.LITE_02) {
                writeVarint(body, m.excludeHop());
            }
        } else if (message instanceof AnnounceOk m) {
            require(version == Version.LITE_05, m, version);
            writeVarint(body, m.hop());
            writeVarint(body, m.active());
        } else if (message instanceof AnnounceInit m) {
            require(version == Version.LITE_02, m, version);
            writeVarint(body, m.suffixes().size());
            for (String s : m.suffixes()) {
                writeString(body, s);
            }
        } else if (message instanceof Announce m) {
            body.writeByte(m.active() ? 1 : 0);
            writeString(body, m.suffix());
            if (version != Version.LITE_02) {
                writeVarint(body, m.hops().size());
                for (long hop : m.hops()) {
                    writeVarint(body, hop);
                }
            }
        } else if (message instanceof Subscribe m) {
            writeVarint(body, m.id());
            writeString(body, m.broadcast());
            writeString(body, m.track());
            body.writeByte(m.priority());
            if (version != Version.LITE_02) {
                body.writeByte(m.ordered() ? 1 : 0);
                writeVarint(body, m.maxLatency());
                writeOptional(body, m.startGroup());
                writeOptional(body, m.endGroup());
            }
        } else if (message instanceof SubscribeUpdate m) {
            require(version != Version.LITE_02, m, version);
            body.writeByte(m.priority());
            body.writeByte(m.ordered() ? 1 : 0);
            writeVarint(body, m.maxLatency());
            writeOptional(body, m.startGroup());
            writeOptional(body, m.endGroup());
        } else if (message instanceof SubscribeOk m) {
            require(version != Version.LITE_05, m, version);
            if (version == Version.LITE_04) {
                type = 0;
                body.writeByte(m.priority());
                body.writeByte(m.ordered() ? 1 : 0);
                writeVarint(body, m.maxLatency());
                writeOptional(body, m.startGroup());
                writeOptional(body, m.endGroup());
            }
        } else if (message instanceof SubscribeStart m) {
            require(version == Version.LITE_05, m, version);
            type = 0;
            writeVarint(body, m.group());
        } else if (message instanceof SubscribeEnd m) {
            require(version == Version.LITE_05, m, version);
            type = 1;
            writeVarint(body, m.group());
        } else if (message instanceof SubscribeDrop m) {
            require(version != Version.LITE_02, m, version);
            type = version == Version.LITE_05 ? 2 : 1;
            writeVarint(body, m.start());
            writeVarint(body, m.end());
            writeVarint(body, m.code());
        } else if (message instanceof TrackRequest m) {
            require(version == Version.LITE_05, m, version);
            writeString(body, m.broadcast());
            writeString(body, m.track());
        } else if (message instanceof TrackInfo m) {
            require(version == Version.LITE_05, m, version);
            body.writeByte(m.priority());
            body.writeByte(m.ordered() ? 1 : 0);
            writeVarint(body, m.maxLatency());
            writeVarint(body, m.timescale());
        } else if (message instanceof GroupHeader m) {
            writeVarint(body, m.subscribeId());
            writeVarint(body, m.sequence());
        } else if (message instanceof Probe m) {
            require(version != Version.LITE_02, m, version);
            writeVarint(body, m.bitrate());
            writeVarint(body, m.rtt());
        } else {
            throw new IllegalArgumentException("unknown message " + message);
        }
        if (type >= 0) {
            writeVarint(out, type);
        }
        if (u16) {
            out.writeShort(body.readableBytes());
        } else {
            writeVarint(out, body.readableBytes());
        }
        out.writeBytes(body);
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

    private static void writeSetupParams(ByteBuf body, List<SetupParam> params) {
        writeVarint(body, params.size());
        for (SetupParam p : params) {
            writeVarint(body, p.key());
            if ((p.key() & 1) == 0) {
                writeVarint(body, p.value());
            } else {
                writeVarint(body, p.bytes().length);
                body.writeBytes(p.bytes());
            }
        }
    }

    private static void require(boolean ok, Message m, Version version) {
        if (!ok) {
            throw new IllegalArgumentException(m.getClass().getSimpleName() + " does not exist in " + version);
        }
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
        int idx = in.readerIndex();
        long type = -1;
        if (kind == Kind.SUBSCRIBE_RESPONSE && version != Version.LITE_02) {
            type = peekVarint(in, idx);
            if (type == INCOMPLETE) {
                return null;
            }
            idx += varintLength(in, idx);
        }
        long len;
        if (kind == Kind.CLIENT_SETUP || kind == Kind.SERVER_SETUP) {
            if (in.writerIndex() - idx < 2) {
                return null;
            }
            len = in.getUnsignedShort(idx);
            idx += 2;
        } else {
            len = peekVarint(in, idx);
            if (len == INCOMPLETE) {
                return null;
            }
            idx += varintLength(in, idx);
        }
        if (len > maxLength) {
            throw malformed(kind + " message of " + len + " bytes exceeds the limit " + maxLength);
        }
        if (in.writerIndex() - idx < len) {
            return null;
        }
        ByteBuf body = in.slice(idx, (int) len);
        in.readerIndex(idx + (int) len);
        Message m = decodeBody(body, kind, version, type);
        if (body.isReadable()) {
            throw malformed(kind + " message has " + body.readableBytes() + " bytes left over");
        }
        return m;
    }

    private static Message decodeBody(ByteBuf b, Kind kind, Version version, long type) {
        return switch (kind) {
            case CLIENT_SETUP -> {
                int n = readBounded(b, 64, "version count");
                List<Long> versions = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    versions.add(readVarint(b));
                }
                yield new ClientSetup(versions, readSetupParams(b));
            }
            case SERVER_SETUP -> new ServerSetup(readVarint(b), readSetupParams(b));
            case SETUP -> {
                int n = readBounded(b, 64, "parameter count");
                List<Param> params = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long id = readVarint(b);
                    int len = readLength(b, "parameter length");
                    byte[] value = new byte[len];
                    b.readBytes(value);
                    params.add(new Param(id, value));
                }
                yield new Setup(params);
            }
            case ANNOUNCE_INTEREST -> new AnnounceInterest(readString(b),
                    version == Version.LITE_02 ? 0 : readVarint(b));
            case ANNOUNCE_OK -> new AnnounceOk(readVarint(b), readVarint(b));
            case ANNOUNCE_INIT -> {
                int n = readBounded(b, b.readableBytes(), "announce count");
                List<String> suffixes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    suffixes.add(readString(b));
                }
                yield new AnnounceInit(suffixes);
            }
            case ANNOUNCE -> {
                int status = readU8(b);
                if (status > 1 && !(status == 2 && version == Version.LITE_05)) {
                    throw malformed("announce status " + status);
                }
                String suffix = readString(b);
                List<Long> hops = new ArrayList<>();
                if (version != Version.LITE_02) {
                    int n = readBounded(b, b.readableBytes(), "hop count");
                    for (int i = 0; i < n; i++) {
                        hops.add(readVarint(b));
                    }
                }
                yield new Announce(status != 0, suffix, hops);
            }
            case SUBSCRIBE -> {
                long id = readVarint(b);
                String broadcast = readString(b);
                String track = readString(b);
                int priority = readU8(b);
                if (version == Version.LITE_02) {
                    yield new Message.Subscribe(id, broadcast, track, priority, false, 0, -1, -1);
                }
                yield new Message.Subscribe(id, broadcast, track, priority, readBool(b), readVarint(b),
                        readOptional(b), readOptional(b));
            }
            case SUBSCRIBE_UPDATE -> {
                if (version == Version.LITE_02) {
                    throw malformed("SUBSCRIBE_UPDATE does not exist in lite-02");
                }
                yield new SubscribeUpdate(readU8(b), readBool(b), readVarint(b), readOptional(b), readOptional(b));
            }
            case SUBSCRIBE_RESPONSE -> decodeSubscribeResponse(b, version, type);
            case TRACK -> new TrackRequest(readString(b), readString(b));
            case TRACK_INFO -> {
                TrackInfo info = new TrackInfo(readU8(b), readBool(b), readVarint(b), readVarint(b));
                if (info.timescale() == 0) {
                    throw malformed("TRACK_INFO timescale 0");
                }
                yield info;
            }
            case GROUP -> new GroupHeader(readVarint(b), readVarint(b));
            case PROBE -> new Probe(readVarint(b), version == Version.LITE_02 ? 0 : readVarint(b));
        };
    }

    private static Message decodeSubscribeResponse(ByteBuf b, Version version, long type) {
        switch (version) {
            case LITE_02:
                return new SubscribeOk(0, false, 0, -1, -1);
            case LITE_04:
                if (type == 0) {
                    return new SubscribeOk(readU8(b), readBool(b), readVarint(b), readOptional(b), readOptional(b));
                }
                if (type == 1) {
                    return new SubscribeDrop(readVarint(b), readVarint(b), readVarint(b));
                }
                break;
            default:
                if (type == 0) {
                    return new SubscribeStart(readVarint(b));
                }
                if (type == 1) {
                    return new SubscribeEnd(readVarint(b));
                }
                if (type == 2) {
                    return new SubscribeDrop(readVarint(b), readVarint(b), readVarint(b));
                }
                break;
        }
        throw malformed("unknown subscribe response type " + type);
    }

    private static List<SetupParam> readSetupParams(ByteBuf b) {
        int n = readBounded(b, 64, "parameter count");
        List<SetupParam> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long key = readVarint(b);
            if ((key & 1) == 0) {
                params.add(new SetupParam(key, readVarint(b), new byte[0]));
            } else {
                int len = readLength(b, "parameter length");
                byte[] bytes = new byte[len];
                b.readBytes(bytes);
                params.add(new SetupParam(key, 0, bytes));
            }
        }
        return params;
    }
}
