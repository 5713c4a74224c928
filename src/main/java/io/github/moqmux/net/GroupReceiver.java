package io.github.moqmux.net;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.net.InboundStream.SessionError;
import io.github.moqmux.net.wire.Codec;
import io.github.moqmux.net.wire.Codec.FrameHeader;
import io.github.moqmux.net.wire.Codec.Kind;
import io.github.moqmux.net.wire.ErrorCode;
import io.github.moqmux.net.wire.Message.GroupHeader;
import io.github.moqmux.net.wire.Version;
import io.netty.buffer.ByteBuf;

/**
 * Reads one group stream (after its type): the GROUP header, then frames until FIN, into the
 * {@link GroupProducer} its subscription gives. Payload slices are retained slices of the
 * transport's buffers, handed to the frame producer, which owns them.
 */
final class GroupReceiver implements InboundStream.Parser {
    private final MoqSession session;
    private MoqSubscription sub;
    private GroupProducer group;
    private FrameProducer frame;
    private boolean headerRead;
    private boolean discard;
    private long timestamp;

    GroupReceiver(MoqSession session) {
        this.session = session;
    }

    @Override
    public int lookahead() {
        return headerRead ? 20 : 64;
    }

    @Override
    public boolean parse(InboundStream in, ByteBuf hdr) {
        if (discard) {
            hdr.skipBytes(hdr.readableBytes());
            return true;
        }
        Version version = session.version();
        if (!headerRead) {
            GroupHeader h = (GroupHeader) Codec.read(hdr, Kind.GROUP, version, 48);
            if (h == null) {
                return false;
            }
            headerRead = true;
            sub = session.subscription(h.subscribeId());
            group = sub == null ? null : sub.onGroup(h.sequence());
            if (group == null) {
                // Unknown (already ended) subscription, or an older group than one already
                // delivered: moq-lite lets newer groups win.
                stopReading(in);
            }
            return true;
        }
        FrameHeader h = Codec.readFrameHeader(hdr, version);
        if (h == null) {
            return false;
        }
        if (h.size() > session.config().maxFrameSize()) {
            throw new SessionError(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + h.size() + " bytes exceeds the limit " + session.config().maxFrameSize());
        }
        timestamp += h.timestampDelta();
        try {
            frame = version == Version.LITE_05
                    ? group.createFrame(h.size(), sub.toMicros(timestamp))
                    : group.createFrame(h.size());
            if (h.size() == 0) {
                frame.finish();
                frame = null;
            } else {
                in.expectPayload(h.size());
            }
        } catch (MoqMuxException e) {
            localFailure(in, e);
            in.expectPayload(h.size());
        }
        return true;
    }

    private void stopReading(InboundStream in) {
        discard = true;
        in.stream.stopSending(ErrorCode.CANCEL);
    }

    /** The local consumer refused the data (closed, ended): stop reading this group. */
    private void localFailure(InboundStream in, RuntimeException e) {
        if (frame != null) {
            frame.abort(e);
            frame = null;
        }
        if (group != null) {
            group.abort(e);
            group = null;
            sub.groupEnded();
        }
        stopReading(in);
    }

    @Override
    public void payload(InboundStream in, ByteBuf slice) {
        if (frame == null) {
            slice.release();
            return;
        }
        try {
            frame.write(slice);
            if (in.payloadRemaining() == 0) {
                FrameProducer f = frame;
                frame = null;
                f.finish();
            }
        } catch (MoqMuxException e) {
            localFailure(in, e);
        }
    }

    @Override
    public void end(InboundStream in, boolean fin, long code, boolean midItem) {
        if (group == null) {
            return;
        }
        try {
            if (fin && !midItem && frame == null) {
                group.finish();
            } else {
                MoqMuxException cause = new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                        fin ? "group stream ended inside a frame" : "group reset by the peer: " + ErrorCode.name(code));
                if (frame != null) {
                    frame.abort(cause);
                }
                group.abort(cause);
            }
        } catch (MoqMuxException e) {
            group.abort(e);
        } finally {
            frame = null;
            group = null;
            sub.groupEnded();
        }
    }
}
