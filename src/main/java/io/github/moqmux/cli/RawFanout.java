package io.github.moqmux.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the plainest Netty WebSocket fan-out of the same frames. Each frame is one binary
 * WebSocket message written to every connection of a {@link ChannelGroup} (one shared buffer,
 * a retained duplicate per connection, as Netty intends); no MoQ framing, no per-subscriber
 * state, no flow control or backpressure, no retention window for late joiners.
 *
 * <p>Clients connect before the first frame and TCP keeps order, so the {@code k}-th message a
 * client receives is frame {@code k}.
 */
final class RawFanout implements Fanout {
    private static final int MAX_MESSAGE = 64 << 20;
    private static final int CONNECT_PARALLELISM = 32;

    private final EventLoopGroup serverGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("raw-ws-server", true));
    private final EventLoopGroup clientGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("raw-ws-client", true));
    private final ChannelGroup subscribed = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> clients = new ArrayList<>();
    private final List<FanoutProbe.Subscriber> subscribers = new ArrayList<>();
    private final Channel serverChannel;

    RawFanout() throws InterruptedException {
        serverChannel = new ServerBootstrap()
            .group(serverGroup)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024),
                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/").maxFramePayloadLength(MAX_MESSAGE).build()),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                    subscribed.add(ctx.channel());
                                }
                                super.userEventTriggered(ctx, evt);
                            }
                        });
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public void connect(int n, FanoutProbe probe) throws Exception {
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/");
        for (int start = 0; start < n; start += CONNECT_PARALLELISM) {
            List<CompletableFuture<Void>> handshakes = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + CONNECT_PARALLELISM); i++) {
                FanoutProbe.Subscriber sub = probe.subscriber();
                subscribers.add(sub);
                CompletableFuture<Void> ready = new CompletableFuture<>();
                handshakes.add(ready);
                Channel ch = new Bootstrap()
                    .group(clientGroup)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                    .webSocketUri(uri).maxFramePayloadLength(MAX_MESSAGE).build()),
                                new Receiver(sub, ready));
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
                clients.add(ch);
            }
            for (CompletableFuture<Void> f : handshakes) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        // The server adds a connection when its side of the handshake completes, which may be a
        // moment after the client saw it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (subscribed.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + subscribed.size() + " of " + n + " raw subscribers connected");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void publish(long index, FanoutSchedule.Event e) {
        // The group duplicates the message per connection and releases this one.
        subscribed.writeAndFlush(new BinaryWebSocketFrame(e.bytes().retainedDuplicate()));
    }

    @Override
    public void endOfStream() {
    }

    @Override
    public List<FanoutProbe.Subscriber> subscribers() {
        return subscribers;
    }

    @Override
    public List<String> serverThreads() {
        return List.of("raw-ws-server", ServeBench.PUBLISHER_THREAD);
    }

    @Override
    public List<String> clientThreads() {
        return List.of("raw-ws-client");
    }

    @Override
    public void close() throws Exception {
        for (Channel ch : clients) {
            ch.close();
        }
        subscribed.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        serverChannel.close().sync();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Counts the messages of one client; the k-th message is frame k. */
    private static final class Receiver extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        private final FanoutProbe.Subscriber sub;
        private final CompletableFuture<Void> ready;
        private long next;

        Receiver(FanoutProbe.Subscriber sub, CompletableFuture<Void> ready) {
            this.sub = sub;
            this.ready = ready;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame msg) {
            sub.received(next++, msg.content().readableBytes(), System.nanoTime());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                ready.complete(null);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
