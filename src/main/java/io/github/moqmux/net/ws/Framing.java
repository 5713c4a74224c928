package io.github.moqmux.net.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/** How frames are laid out in WebSocket binary messages: qmux-00 or the legacy format. */
sealed interface Framing permits QmuxFraming, LegacyFraming {
    /**
     * The largest STREAM payload we put in one message. @moq/qmux rejects qmux-00 messages over
     * 16384 bytes and sends payloads of at most 16352 (its MAX_FRAME_PAYLOAD); we do the same
     * for both framings.
     */
    int MAX_STREAM_PAYLOAD = 16384 - 32;

    /** @return true when the framing has transport parameters and MAX_* credit (qmux) */
    boolean flowControl();

    /**
     * Parses every frame of one message into {@code out}. On failure the stream data of frames
     * already parsed is released and {@code out} is left empty.
     *
     * @param message the message; not released here, STREAM data is retained slices of it
     */
    void decode(ByteBuf message, List<WsFrame> out) throws WsProtocolError;

    /**
     * Encodes the header of a STREAM frame whose {@code length} payload bytes follow it in the
     * same message.
     */
    ByteBuf streamHeader(ByteBufAllocator alloc, long id, long offset, int length, boolean fin);

    /**
     * Encodes a frame without payload (anything but {@link WsFrame.Stream}), or null when the
     * framing has no such frame (the legacy format has no MAX_* frames and no parameters).
     */
    ByteBuf encode(ByteBufAllocator alloc, WsFrame frame);

    /** Releases the stream data of parsed frames, on a decoding failure. */
    static void releaseAll(List<WsFrame> frames) {
        for (WsFrame f : frames) {
            if (f instanceof WsFrame.Stream s) {
                s.data().release();
            }
        }
        frames.clear();
    }
}
