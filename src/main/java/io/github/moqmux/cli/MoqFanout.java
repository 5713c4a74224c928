package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSessionConfig;
import io.github.moqmux.net.MoqSubscription;
import io.github.moqmux.net.NetworkBroadcast;
import io.github.moqmux.net.ws.WebSocketClient;
import io.github.moqmux.net.ws.WebSocketClientConfig;
import io.github.moqmux.net.ws.WebSocketServer;
import io.github.moqmux.net.ws.WebSocketServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The library's fan-out: a {@link WebSocketServer} with a {@link MoqSession} per connection
 * serving a {@link NetworkBroadcast}, and subscribers that connect with {@link WebSocketClient}
 * ({@code qmux-00.moq-lite-05}) and subscribe to every media track through the session's
 * subscriber role.
 *
 * <p>A frame is recognised on arrival by its track and moq-lite-05 timestamp (unique within a
 * track, the payload is not touched) and counts when its last byte has arrived.
 */
final class MoqFanout implements Fanout {
    static final String BROADCAST = "bench";
    /** Connections set up at once: enough to be quick, few enough not to overflow the accept backlog. */
    private static final int CONNECT_PARALLELISM = 32;

    private final FanoutSchedule schedule;
    private final MoqOrigin origin = new MoqOrigin();
    private final NetworkBroadcast broadcast = new NetworkBroadcast();
    private final TrackProducer[] tracks;
    private final GroupProducer[] groups;
    private final WebSocketServer server;
    private final List<MoqSession> sessions = new ArrayList<>();
    private final List<FanoutProbe.Subscriber> subscribers = new ArrayList<>();
    /** Per media track: timestamp → frame index, for the frames of the measured window. */
    private final List<Map<Long, Long>> indexOf = new ArrayList<>();

    MoqFanout(FanoutSchedule schedule) {
        this.schedule = schedule;
        origin.publish(BROADCAST, broadcast);
        if (schedule.catalogTrack() != null) {
            TrackProducer catalog = broadcast.createTrack(schedule.catalogTrack());
            for (FanoutSchedule.CatalogGroup g : schedule.catalog()) {
                GroupProducer group = catalog.appendGroup();
                for (ByteBuf frame : g.frames()) {
                    group.writeFrame(FrameProducer.NO_TIMESTAMP, Unpooled.EMPTY_BUFFER, frame.retainedDuplicate());
                }
                group.finish();
            }
        }
        List<Track> media = schedule.mediaTracks();
        tracks = new TrackProducer[media.size()];
        groups = new GroupProducer[media.size()];
        for (int t = 0; t < tracks.length; t++) {
            tracks[t] = broadcast.createTrack(media.get(t));
        }
        server = WebSocketServer.start(WebSocketServerConfig.builder().host("127.0.0.1").port(0).build(),
            conn -> MoqSession.start(conn, origin, MoqSessionConfig.defaults()));
    }

    @Override
    public String name() {
        return "moq";
    }

    @Override
    public void connect(int n, FanoutProbe probe) throws Exception {
        for (int t = 0; t < tracks.length; t++) {
            indexOf.add(new HashMap<>());
        }
        for (long i = probe.from; i < probe.to; i++) {
            FanoutSchedule.Event e = schedule.event(i);
            indexOf.get(e.track()).put(e.timestampMicros(), i);
        }
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
        for (int start = 0; start < n; start += CONNECT_PARALLELISM) {
            List<CompletableFuture<MoqSession>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + CONNECT_PARALLELISM); i++) {
                batch.add(WebSocketClient.connect(uri, List.of("moq-lite-05"), WebSocketClientConfig.DEFAULT)
                    .thenApply(conn -> MoqSession.start(conn, new MoqOrigin(), MoqSessionConfig.defaults())));
            }
            List<MoqSubscription> subs = new ArrayList<>();
            for (CompletableFuture<MoqSession> f : batch) {
                MoqSession session = f.get(30, TimeUnit.SECONDS);
                sessions.add(session);
                session.ready().get(30, TimeUnit.SECONDS);
                FanoutProbe.Subscriber sub = probe.subscriber();
                subscribers.add(sub);
                for (int t = 0; t < tracks.length; t++) {
                    Track info = schedule.mediaTracks().get(t);
                    subs.add(session.subscribe(BROADCAST, info.name(), new CountingTrack(info, sub, indexOf.get(t)), -1));
                }
            }
            for (MoqSubscription s : subs) {
                s.started().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void publish(long index, FanoutSchedule.Event e) {
        int t = e.track();
        if (e.newGroup() || groups[t] == null) {
            if (groups[t] != null) {
                groups[t].finish();
            }
            groups[t] = tracks[t].appendGroup();
        }
        groups[t].writeFrame(e.timestampMicros(), Unpooled.EMPTY_BUFFER, e.bytes().retainedDuplicate());
    }

    @Override
    public void endOfStream() {
        for (int t = 0; t < tracks.length; t++) {
            if (groups[t] != null) {
                groups[t].finish();
            }
            tracks[t].finish();
        }
    }

    @Override
    public List<FanoutProbe.Subscriber> subscribers() {
        return subscribers;
    }

    @Override
    public List<String> serverThreads() {
        return List.of("moq-ws-server", "moq-session-timer", ServeBench.PUBLISHER_THREAD);
    }

    @Override
    public List<String> clientThreads() {
        return List.of("moq-ws-client");
    }

    @Override
    public void close() throws Exception {
        for (MoqSession s : sessions) {
            s.close(0, "bench done");
        }
        for (MoqSession s : sessions) {
            s.closed().get(30, TimeUnit.SECONDS);
        }
        server.close();
        broadcast.close();
    }

    /** A subscriber's track: counts frames and bytes, releases every chunk at once. */
    private static final class CountingTrack implements TrackProducer {
        private final Track info;
        private final FanoutProbe.Subscriber sub;
        private final Map<Long, Long> indexOf;
        private long groups;

        CountingTrack(Track info, FanoutProbe.Subscriber sub, Map<Long, Long> indexOf) {
            this.info = info;
            this.sub = sub;
            this.indexOf = indexOf;
        }

        @Override
        public Track info() {
            return info;
        }

        @Override
        public GroupProducer appendGroup() {
            long sequence = groups++;
            return new GroupProducer() {
                @Override
                public long sequence() {
                    return sequence;
                }

                @Override
                public FrameProducer createFrame(long size) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "bench serve subscribes with moq-lite-05, whose frames carry a timestamp");
                }

                @Override
                public FrameProducer createFrame(long size, long timestampMicros) {
                    return new CountingFrame(sub, size, indexOf.getOrDefault(timestampMicros, -1L));
                }

                @Override
                public void finish() {
                }

                @Override
                public void abort(Throwable cause) {
                }
            };
        }

        @Override
        public void finish() {
        }

        @Override
        public void abort(Throwable cause) {
        }
    }

    private static final class CountingFrame implements FrameProducer {
        private final FanoutProbe.Subscriber sub;
        private final long size;
        private final long index;

        CountingFrame(FanoutProbe.Subscriber sub, long size, long index) {
            this.sub = sub;
            this.size = size;
            this.index = index;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void write(ByteBuf chunk) {
            chunk.release();
        }

        @Override
        public void finish() {
            sub.received(index, size, System.nanoTime());
        }

        @Override
        public void abort(Throwable cause) {
        }
    }
}
