package io.github.moqmux.net.ws;

import io.github.moqmux.net.mux.MuxConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the HTTP request of a new connection: upgrades to WebSocket on any path, choosing the
 * subprotocol by our preference, or answers plain requests ({@code /certificate.sha256} gets 404
 * with CORS so the browser player moves on to WebSocket; anything else 426 or 405).
 */
final class ServerHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);

    private final WebSocketServerConfig config;
    private final List<String> subprotocols;
    private final Consumer<MuxConnection> acceptor;
    private ScheduledFuture<?> timeout;

    ServerHandshakeHandler(WebSocketServerConfig config, List<String> subprotocols,
                           Consumer<MuxConnection> acceptor) {
        this.config = config;
        this.subprotocols = subprotocols;
        this.acceptor = acceptor;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            log.debug("{}: no WebSocket upgrade within {}", ctx.channel().remoteAddress(),
                    config.handshakeTimeout());
            ctx.close();
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE,
                HttpHeaderValues.WEBSOCKET, true);
        if (!upgrade) {
            if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            } else if (uri.path().equals("/certificate.sha256")) {
                // No WebTransport here: the browser player then goes straight to WebSocket.
                respond(ctx, HttpResponseStatus.NOT_FOUND, "no WebTransport certificate\n");
            } else {
                respond(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "WebSocket (MoQ) endpoint\n");
            }
            return;
        }
        List<String> offered = req.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        String chosen = Subprotocol.select(subprotocols, offered);
        boolean none = offered.stream().allMatch(String::isBlank);
        if (chosen == null && !(none && config.webTransport())) {
            // A client offering nothing speaks the legacy framing (as @moq/qmux reads it).
            respond(ctx, HttpResponseStatus.BAD_REQUEST,
                    "no supported subprotocol; this server speaks " + subprotocols + "\n");
            return;
        }
        Subprotocol sub = Subprotocol.parse(chosen);
        String scheme = config.tls() ? "wss://" : "ws://";
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                scheme + req.headers().get(HttpHeaderNames.HOST, "localhost") + uri.path(), chosen,
                false, config.maxMessageSize()).newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        WsMuxConnection conn = new WsMuxConnection(ctx.channel(), sub, true, uri.path(),
                config.limits());
        // Our handlers go in first: the handshake may complete (and the acceptor run, and the
        // server be closed) before handshake() returns. The handshaker puts the WebSocket codec
        // in place of HTTP, ahead of them.
        p.addLast(new IdleStateHandler(config.idleTimeout().toMillis(),
                config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        p.addLast(new WebSocketFrameAggregator(config.maxMessageSize()));
        p.addLast(new WsChannelHandler(conn));
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("{}: WebSocket handshake failed", ctx.channel().remoteAddress(), f.cause());
                ctx.close();
                return;
            }
            conn.start(config.idleTimeout().toMillis());
            try {
                acceptor.accept(conn);
            } catch (RuntimeException e) {
                log.warn("connection acceptor failed for {}", conn, e);
                conn.close(0, "server error");
            }
        });
        p.remove(this);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: failed before the WebSocket upgrade", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
