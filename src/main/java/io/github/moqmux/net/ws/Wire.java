package io.github.moqmux.net.ws;

import io.github.moqmux.container.VarInt;
import io.netty.buffer.ByteBuf;

/** Reads QUIC varints from a WebSocket message, failing with a framing error when truncated. */
final class Wire {
    private Wire() {
    }

    static long varint(ByteBuf in) throws WsProtocolError {
        if (!in.isReadable()) {
            throw truncated();
        }
        int first = in.getUnsignedByte(in.readerIndex());
        int len = 1 << (first >>> 6);
        if (in.readableBytes() < len) {
            throw truncated();
        }
        return VarInt.read(in);
    }

    static int length(ByteBuf in) throws WsProtocolError {
        long len = varint(in);
        if (len > in.readableBytes()) {
            throw truncated();
        }
        return (int) len;
    }

    static WsProtocolError truncated() {
        return new WsProtocolError(WsProtocolError.FRAME_ENCODING_ERROR, "truncated frame");
    }
}
