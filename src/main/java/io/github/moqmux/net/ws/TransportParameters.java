package io.github.moqmux.net.ws;

import io.github.moqmux.container.VarInt;
import io.netty.buffer.ByteBuf;
import java.util.HashSet;
import java.util.Set;

/**
 * The qmux transport parameters (QUIC v1 ids plus qmux's {@code max_record_size}), as sent in the
 * first frame, QX_TRANSPORT_PARAMETERS. A parameter the peer omits is 0, as in QUIC: no credit.
 */
record TransportParameters(long maxIdleTimeoutMillis, long initialMaxData,
                           long initialMaxStreamDataBidiLocal, long initialMaxStreamDataBidiRemote,
                           long initialMaxStreamDataUni, long initialMaxStreamsBidi,
                           long initialMaxStreamsUni, long maxRecordSize) {

    static final long MAX_IDLE_TIMEOUT = 0x01;
    static final long INITIAL_MAX_DATA = 0x04;
    static final long INITIAL_MAX_STREAM_DATA_BIDI_LOCAL = 0x05;
    static final long INITIAL_MAX_STREAM_DATA_BIDI_REMOTE = 0x06;
    static final long INITIAL_MAX_STREAM_DATA_UNI = 0x07;
    static final long INITIAL_MAX_STREAMS_BIDI = 0x08;
    static final long INITIAL_MAX_STREAMS_UNI = 0x09;
    /** qmux-01's max_record_size; @moq/qmux sends it on qmux-00 too (16382), and ignores it there. */
    static final long MAX_RECORD_SIZE = 0x0571c59429cd0845L;
    /** The value @moq/qmux advertises for {@link #MAX_RECORD_SIZE}. */
    static final long DEFAULT_MAX_RECORD_SIZE = 16382;

    /** The parameters we advertise for the given limits. */
    static TransportParameters of(TransportLimits limits, long idleTimeoutMillis) {
        return new TransportParameters(idleTimeoutMillis, limits.maxData(), limits.maxStreamData(),
                limits.maxStreamData(), limits.maxStreamData(), limits.maxStreamsBidi(),
                limits.maxStreamsUni(), DEFAULT_MAX_RECORD_SIZE);
    }

    /** Appends the parameter list (without the frame type and length). Zero values are omitted. */
    void encode(ByteBuf out) {
        put(out, MAX_IDLE_TIMEOUT, maxIdleTimeoutMillis);
        put(out, INITIAL_MAX_DATA, initialMaxData);
        put(out, INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, initialMaxStreamDataBidiLocal);
        put(out, INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, initialMaxStreamDataBidiRemote);
        put(out, INITIAL_MAX_STREAM_DATA_UNI, initialMaxStreamDataUni);
        put(out, INITIAL_MAX_STREAMS_BIDI, initialMaxStreamsBidi);
        put(out, INITIAL_MAX_STREAMS_UNI, initialMaxStreamsUni);
        put(out, MAX_RECORD_SIZE, maxRecordSize);
    }

    private static void put(ByteBuf out, long id, long value) {
        if (value == 0) {
            return;
        }
        VarInt.write(out, id);
        VarInt.write(out, VarInt.size(value));
        VarInt.write(out, value);
    }

    /**
     * Parses a parameter list that fills {@code in} entirely. Unknown ids are skipped (QUIC
     * extensions); a repeated known id or a value that is not exactly one varint is an error.
     */
    static TransportParameters decode(ByteBuf in) throws WsProtocolError {
        long[] v = new long[8];
        v[7] = DEFAULT_MAX_RECORD_SIZE;
        Set<Long> seen = new HashSet<>();
        while (in.isReadable()) {
            long id = Wire.varint(in);
            int len = Wire.length(in);
            ByteBuf value = in.readSlice(len);
            int slot = slot(id);
            if (slot < 0) {
                continue;
            }
            if (!seen.add(id)) {
                throw new WsProtocolError(WsProtocolError.TRANSPORT_PARAMETER_ERROR,
                        "duplicate transport parameter 0x" + Long.toHexString(id));
            }
            long parsed;
            try {
                parsed = Wire.varint(value);
            } catch (WsProtocolError e) {
                throw badValue(id);
            }
            if (value.isReadable()) {
                throw badValue(id);
            }
            v[slot] = parsed;
        }
        return new TransportParameters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    private static WsProtocolError badValue(long id) {
        return new WsProtocolError(WsProtocolError.TRANSPORT_PARAMETER_ERROR,
                "transport parameter 0x" + Long.toHexString(id) + " is not one varint");
    }

    private static int slot(long id) {
        if (id == MAX_IDLE_TIMEOUT) {
            return 0;
        }
        if (id >= INITIAL_MAX_DATA && id <= INITIAL_MAX_STREAMS_UNI) {
            return (int) (id - INITIAL_MAX_DATA) + 1;
        }
        return id == MAX_RECORD_SIZE ? 7 : -1;
    }
}
