package io.github.moqmux.container;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * One frame of the "legacy" hang container (DESIGN §4): the presentation timestamp in
 * microseconds as a QUIC varint ({@link VarInt}), followed by the sample bytes unchanged.
 *
 * <pre>
 * +---------------------------+-----------------------------+
 * | timestamp µs (1–8 bytes)  | payload (sample as in mdat) |
 * +---------------------------+-----------------------------+
 * </pre>
 *
 * <h2>Ownership</h2>
 * A {@code LegacyFrame} owns one reference to its {@link #payload()}. Whoever obtains the record
 * (from {@link #decode} or by constructing it) releases the payload once, either directly or with
 * {@link #close()} (which makes try-with-resources convenient):
 *
 * <pre>{@code
 * try (LegacyFrame f = LegacyFrame.decode(frameBytes)) {   // frameBytes stays the caller's
 *     render(f.timestampMicros(), f.payload());
 * }                                                         // releases the payload slice
 * frameBytes.release();
 * }</pre>
 *
 * @param timestampMicros the presentation timestamp in microseconds, 0..{@link VarInt#MAX}
 * @param payload         the sample bytes from reader index to writer index; owned by this record
 */
public record LegacyFrame(long timestampMicros, ByteBuf payload) implements AutoCloseable {
    /**
     * Validates the components. On failure the payload is not released: it stays the caller's.
     *
     * @param timestampMicros the presentation timestamp in microseconds
     * @param payload         the sample bytes; this record takes over the caller's reference
     * @throws MoqMuxException of kind {@code BAD_TIMESTAMP} if the timestamp cannot be encoded
     */
    public LegacyFrame {
        Objects.requireNonNull(payload, "payload");
        timestampSize(timestampMicros);
    }

    /**
     * A timestamp the container cannot carry is a timestamp problem, whatever the varint layer
     * calls it: the importer reports it as such.
     */
    private static int timestampSize(long timestampMicros) {
        if (timestampMicros < 0 || timestampMicros > VarInt.MAX) {
            throw new MoqMuxException(MoqMuxException.Kind.BAD_TIMESTAMP, "timestamp " + timestampMicros
                    + " µs is outside the legacy container's range 0.." + VarInt.MAX + " (QUIC varint)");
        }
        return VarInt.size(timestampMicros);
    }

    /**
     * Encodes the frame header: just the timestamp varint.
     *
     * @param alloc           allocates the (1–8 byte) buffer
     * @param timestampMicros the presentation timestamp in microseconds
     * @return a new buffer holding the varint; the caller owns it and must release it (or hand it
     *     to a producer's {@code write}, which then releases it)
     * @throws MoqMuxException of kind {@code BAD_TIMESTAMP} if the timestamp is negative or above
     *     {@link VarInt#MAX}; nothing is allocated then
     */
    public static ByteBuf encodeHeader(ByteBufAllocator alloc, long timestampMicros) {
        int size = timestampSize(timestampMicros);
        ByteBuf header = alloc.buffer(size, size);
        // size() already validated the value, so write() cannot fail and leak the header.
        VarInt.write(header, timestampMicros);
        return header;
    }

    /**
     * Writes one legacy frame to {@code group}: creates a frame of size varint + payload, writes
     * the header as one chunk and then {@code payload} itself as a second chunk, without copying
     * the sample bytes, and finishes the frame. The header chunk is a slice of a small per-thread
     * heap buffer that holds many frames' headers, so no buffer is allocated per frame.
     *
     * <p>Ownership: {@code payload} is transferred to this method in all cases. On success the
     * group's frame owns it; if anything fails (bad timestamp, a refused frame, a failing write)
     * it has been released before the exception propagates, and a frame already created is
     * aborted. The caller must not touch {@code payload} afterwards.
     *
     * <pre>{@code
     * GroupProducer group = groups.groupFor(keyframe);
     * LegacyFrame.write(group, ptsMicros, input.retainedSlice(offset, size));
     * }</pre>
     *
     * @param group           the group that receives the frame
     * @param timestampMicros the presentation timestamp in microseconds
     * @param payload         the sample bytes, from reader index to writer index
     * @throws MoqMuxException of kind {@code BAD_TIMESTAMP} for a timestamp out of varint range, or
     *     whatever the group or frame producer throws
     */
    public static void write(GroupProducer group, long timestampMicros, ByteBuf payload) {
        Objects.requireNonNull(payload, "payload");
        ByteBuf header = null;
        FrameProducer frame;
        try {
            Objects.requireNonNull(group, "group");
            int headerSize = VarInt.size(timestampMicros);
            // A slice of a per-thread chunk, not a new buffer per frame (see HeaderArena).
            header = HeaderArena.current().varint(timestampMicros, headerSize);
            frame = group.createFrame(headerSize + (long) payload.readableBytes(), timestampMicros);
        } catch (RuntimeException | Error e) {
            if (header != null) {
                header.release();
            }
            payload.release();
            throw e;
        }
        boolean payloadHandedOn = false;
        try {
            // write() owns its argument even when it throws, so each buffer is released by
            // exactly one party: the frame once handed on, this method before that.
            frame.write(header);
            payloadHandedOn = true;
            frame.write(payload);
            frame.finish();
        } catch (RuntimeException | Error e) {
            if (!payloadHandedOn) {
                payload.release();
            }
            frame.abort(e);
            throw e;
        }
    }

    /**
     * Writes one legacy frame to {@code group} in a single call,
     * {@link GroupProducer#writeFrame(long, ByteBuf, ByteBuf) group.writeFrame(timestampMicros,
     * header, payload)}: the varint header (a slice of the per-thread {@link HeaderArena}) and the
     * payload itself, neither copied nor joined. A producer that overrides that method (a network
     * stream) sends both without creating a {@link FrameProducer}; the default creates one.
     *
     * <p>Ownership: {@code payload} is transferred in all cases, as with
     * {@link #write(GroupProducer, long, ByteBuf)}; a bad timestamp releases it before throwing.
     *
     * @param group           the group that receives the frame
     * @param timestampMicros the presentation timestamp in microseconds; also the frame's timestamp
     * @param payload         the sample bytes, from reader index to writer index
     * @throws MoqMuxException of kind {@code BAD_TIMESTAMP} for a timestamp out of varint range, or
     *     whatever the group throws
     */
    public static void writeWhole(GroupProducer group, long timestampMicros, ByteBuf payload) {
        Objects.requireNonNull(payload, "payload");
        ByteBuf header;
        try {
            Objects.requireNonNull(group, "group");
            header = HeaderArena.current().varint(timestampMicros, timestampSize(timestampMicros));
        } catch (RuntimeException | Error e) {
            payload.release();
            throw e;
        }
        group.writeFrame(timestampMicros, header, payload);
    }

    /**
     * Parses a legacy frame. The timestamp varint is read (advancing {@code frame}'s reader index)
     * and the payload is everything after it, as a retained slice: no bytes are copied.
     *
     * <p>Ownership: {@code frame} stays the caller's, who releases it as before (its reader index
     * ends at its writer index). The returned record holds an extra reference on the same memory
     * through its payload, which the caller must release separately ({@link #close()} or
     * {@code payload().release()}). The bytes are shared: neither side may modify them.
     *
     * @param frame one complete frame, from reader index to writer index
     * @return the timestamp and payload
     * @throws MoqMuxException of kind {@code TRUNCATED} if the frame does not even hold a
     *     complete varint; the reader index is unchanged and nothing is retained then
     */
    public static LegacyFrame decode(ByteBuf frame) {
        long timestamp = VarInt.read(frame);
        return new LegacyFrame(timestamp, frame.readRetainedSlice(frame.readableBytes()));
    }

    /**
     * Releases this record's reference to the payload. Call it once, and only if the payload was
     * not released or handed to a producer in another way.
     */
    @Override
    public void close() {
        payload.release();
    }
}
