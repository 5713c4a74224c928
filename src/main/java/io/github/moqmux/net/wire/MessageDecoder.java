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

import io.github.moqmux.net.wire.Codec.Kind;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@link Message}s for {@link Codec}, incrementally: the framing first (type prefix, length)
 * without moving the reader index until the whole body has arrived, then the body of the expected
 * {@link Kind} as its {@link Version} spells it, which must be consumed exactly.
 */
final class MessageDecoder {
    private MessageDecoder() {
    }

    /**
     * Reads one message of the expected kind if it has arrived whole; {@link Codec#read}
     * documents it.
     *
     * @return the message, or null (reader index unchanged) when incomplete
     */
    static Message read(ByteBuf in, Kind kind, Version version, int maxLength) {
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
                    yield new Subscribe(id, broadcast, track, priority, false, 0, -1, -1);
                }
                yield new Subscribe(id, broadcast, track, priority, readBool(b), readVarint(b),
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
