package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxSendStream;
import io.github.moqmux.net.mux.MuxStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The streams of a {@link WsMuxConnection}: which exist, which ids are next, and how many each
 * side may open.
 *
 * <p>Ours open when the application asks and the peer's MAX_STREAMS allows; asks beyond the limit
 * wait here until the peer's parameters or MAX_STREAMS raise it. The peer's open when its first
 * frame names them (QUIC §3.2), within the limit we advertise; when both halves of a stream have
 * ended it is forgotten, and a peer stream gives its count back with MAX_STREAMS once half a
 * window has ended, as {@code @moq/qmux} does. Event loop only.
 */
final class WsStreamTable {
    /** Stream counts of one direction: bidirectional or unidirectional. */
    private static final class Lane {
        /** How many peer streams we allow at once, from {@link TransportLimits}. */
        final long window;
        /** Our opens waiting for {@link #peerMax}. */
        final ArrayDeque<CompletableFuture<? super WsStream>> waiting = new ArrayDeque<>();
        /** How many streams the peer lets us open (qmux: its parameters and MAX_STREAMS). */
        long peerMax;
        /** The index of our next stream. */
        long nextLocal;
        /** How many streams we let the peer open. */
        long maxPeer;
        /** The index after the peer's highest stream seen. */
        long nextPeer;
        /** How many peer streams have ended, counting those opened implicitly and never seen. */
        long closedPeer;

        Lane(long window, boolean flowControl) {
            this.window = window;
            this.maxPeer = window;
            // Without flow control the peer never limits us.
            this.peerMax = flowControl ? 0 : Long.MAX_VALUE;
        }
    }

    private final WsMuxConnection conn;
    private final boolean server;
    private final boolean flowControl;
    private final TransportLimits limits;
    private final Map<Long, WsStream> streams = new HashMap<>();
    private final Lane bidi;
    private final Lane uni;
    /** The peer's parameters (qmux only): initial stream credits. */
    private TransportParameters peer;

    WsStreamTable(WsMuxConnection conn, boolean server, boolean flowControl, TransportLimits limits) {
        this.conn = conn;
        this.server = server;
        this.flowControl = flowControl;
        this.limits = limits;
        this.bidi = new Lane(limits.maxStreamsBidi(), flowControl);
        this.uni = new Lane(limits.maxStreamsUni(), flowControl);
    }

    private Lane lane(boolean isBidi) {
        return isBidi ? bidi : uni;
    }

    /** @return the stream we hold under {@code id}, or null */
    WsStream get(long id) {
        return streams.get(id);
    }

    /** @return the bytes waiting in every stream's send half */
    long queuedBytes() {
        long q = 0;
        for (WsStream s : streams.values()) {
            q += s.queuedBytes();
        }
        return q;
    }

    // ---------------------------------------------------------------- our streams

    /** The peer's QX_TRANSPORT_PARAMETERS: stream credits and limits; waiting opens may go. */
    void onPeerParameters(TransportParameters p) {
        peer = p;
        bidi.peerMax = p.initialMaxStreamsBidi();
        uni.peerMax = p.initialMaxStreamsUni();
        openPending();
    }

    /** MAX_STREAMS: the peer lets us open more; waiting opens may go. */
    void onMaxStreams(boolean isBidi, long max) {
        Lane lane = lane(isBidi);
        if (max > lane.peerMax) {
            lane.peerMax = max;
        }
        openPending();
    }

    void openBidi(CompletableFuture<MuxStream> f) {
        bidi.waiting.add(f);
        openPending();
    }

    void openUni(CompletableFuture<MuxSendStream> f) {
        uni.waiting.add(f);
        openPending();
    }

    private void openPending() {
        openWaiting(bidi, true);
        openWaiting(uni, false);
    }

    private void openWaiting(Lane lane, boolean isBidi) {
        while (conn.isOpen() && !lane.waiting.isEmpty() && lane.nextLocal < lane.peerMax) {
            CompletableFuture<? super WsStream> f = lane.waiting.poll();
            WsStream s = newLocal(isBidi);
            if (!f.complete(s)) {
                // Completed (cancelled) while it waited: nobody will use the stream.
                conn.sender().resetLocal(s, 0);
            }
        }
    }

    private WsStream newLocal(boolean isBidi) {
        long index = lane(isBidi).nextLocal++;
        long id = index << 2 | (isBidi ? 0 : 2) | (server ? 1 : 0);
        WsStream s = new WsStream(conn, id, true, true, isBidi);
        if (flowControl) {
            s.sendMax = isBidi ? peer.initialMaxStreamDataBidiRemote() : peer.initialMaxStreamDataUni();
            s.recvMax = limits.maxStreamData();
        } else {
            s.sendMax = Long.MAX_VALUE;
        }
        streams.put(id, s);
        return s;
    }

    // ---------------------------------------------------------------- the peer's streams

    /**
     * The stream a frame names: one we hold, a new peer stream the frame opens, or null for one
     * that has ended (see {@link #checkKnown}).
     */
    WsStream find(long id, boolean sending) throws WsProtocolError {
        WsStream s = streams.get(id);
        return s != null ? s : checkKnown(id, sending);
    }

    /**
     * For a frame naming a stream we do not hold: fine when it is one of ours or an old peer
     * stream that has ended; an error when it names a stream of ours not opened yet. A new peer
     * stream is opened (and returned) unless {@code sending} names the send half of a peer's
     * unidirectional stream, which is an error.
     */
    WsStream checkKnown(long id, boolean sending) throws WsProtocolError {
        boolean ours = WsStream.isServerInitiated(id) == server;
        boolean isBidi = WsStream.isBidi(id);
        long index = id >>> 2;
        Lane lane = lane(isBidi);
        if (ours) {
            if (index >= lane.nextLocal) {
                throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                        "frame for stream " + id + " that we never opened");
            }
            return null;
        }
        if (sending && !isBidi) {
            throw new WsProtocolError(WsProtocolError.STREAM_STATE_ERROR,
                    "frame for the send half of the peer's unidirectional stream " + id);
        }
        return index < lane.nextPeer ? null : openPeer(id, isBidi, index, lane);
    }

    /** Opens the peer's stream {@code id}, the {@code index}th of its {@code lane}. */
    private WsStream openPeer(long id, boolean isBidi, long index, Lane lane) throws WsProtocolError {
        if (flowControl) {
            if (index >= lane.maxPeer) {
                throw new WsProtocolError(WsProtocolError.STREAM_LIMIT_ERROR,
                        "peer opened stream " + id + " beyond its stream limit");
            }
        } else {
            long open = streams.values().stream().filter(s -> !s.local()).count();
            long cap = (limits.maxStreamsBidi() + limits.maxStreamsUni())
                    * TransportLimits.LEGACY_STREAM_FACTOR;
            if (open >= cap) {
                throw new WsProtocolError(WsProtocolError.STREAM_LIMIT_ERROR,
                        "peer has more than " + cap + " streams open");
            }
        }
        // Streams below a newly seen index were opened implicitly (QUIC §3.2) and, never seen,
        // count as ended at once.
        lane.closedPeer += index - lane.nextPeer;
        lane.nextPeer = index + 1;
        WsStream s = new WsStream(conn, id, false, isBidi, true);
        s.recvMax = limits.maxStreamData();
        if (flowControl) {
            s.sendMax = isBidi ? peer.initialMaxStreamDataBidiLocal() : 0;
        } else {
            s.sendMax = Long.MAX_VALUE;
        }
        streams.put(id, s);
        conn.accept(s);
        return s;
    }

    // ---------------------------------------------------------------- ending

    /** Drops a stream whose both halves have ended; a peer stream gives back its count. */
    void maybeForget(WsStream s) {
        if (!s.sendTerminal() || !s.recvTerminal() || streams.remove(s.id()) == null) {
            return;
        }
        if (s.local() || !flowControl) {
            return;
        }
        boolean isBidi = WsStream.isBidi(s.id());
        Lane lane = lane(isBidi);
        lane.closedPeer++;
        if (lane.maxPeer - lane.closedPeer <= lane.window / 2) {
            lane.maxPeer = lane.closedPeer + lane.window;
            conn.sender().sendControl(new WsFrame.MaxStreams(isBidi, lane.maxPeer));
        }
    }

    /** @return every stream we hold, as a copy to end them one by one */
    List<WsStream> snapshot() {
        return new ArrayList<>(streams.values());
    }

    /** The connection ended: forget every stream. */
    void clear() {
        streams.clear();
    }

    /** The connection ended: opens still waiting for the peer's limit fail, bidirectional first. */
    void failPendingOpens() {
        for (Lane lane : List.of(bidi, uni)) {
            for (CompletableFuture<? super WsStream> f; (f = lane.waiting.poll()) != null; ) {
                f.completeExceptionally(WsMuxConnection.closedException());
            }
        }
    }
}
