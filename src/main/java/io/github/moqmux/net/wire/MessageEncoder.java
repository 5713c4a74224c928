package io.github.moqmux.net.wire;

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
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Writes {@link Message}s for {@link Codec}: each message's body as its {@link Version} spells it,
 * then the framing, which is the body's length (a u16 for the {@code moql} setup envelopes, a
 * varint otherwise) preceded by a type varint for the responses on a Subscribe stream.
 */
final class MessageEncoder {
    private MessageEncoder() {
    }

    /**
     * Writes a message with its framing; {@link Codec#write} documents it.
     *
     * @throws IllegalArgumentException if the message does not exist in that version
     */
    static void write(ByteBuf out, Message message, Version version) {
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
            writeDelivery(body, m.priority(), m.ordered(), m.maxLatency(), m.startGroup(), m.endGroup());
        } else if (message instanceof SubscribeOk m) {
            require(version != Version.LITE_05, m, version);
            if (version == Version.LITE_04) {
                type = 0;
                writeDelivery(body, m.priority(), m.ordered(), m.maxLatency(), m.startGroup(), m.endGroup());
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
     * Writes the delivery preferences that SUBSCRIBE_UPDATE and lite-04's SUBSCRIBE_OK share, in
     * their wire order (SUBSCRIBE has the same fields after its names, but not in lite-02).
     */
    private static void writeDelivery(ByteBuf body, int priority, boolean ordered, long maxLatency,
            long startGroup, long endGroup) {
        body.writeByte(priority);
        body.writeByte(ordered ? 1 : 0);
        writeVarint(body, maxLatency);
        writeOptional(body, startGroup);
        writeOptional(body, endGroup);
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
}
