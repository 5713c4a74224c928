package io.github.moqmux.net.ws;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.net.mux.MuxConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Drives the client side of the upgrade and turns its outcome into the connect future. */
final class ClientHandshakeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final URI uri;
    private final String path;
    private final WebSocketClientHandshaker handshaker;
    private final WebSocketClientConfig config;
    private final CompletableFuture<MuxConnection> result;
    private ScheduledFuture<?> timeout;

    ClientHandshakeHandler(URI uri, String path, WebSocketClientHandshaker handshaker,
                           WebSocketClientConfig config, CompletableFuture<MuxConnection> result) {
        this.uri = uri;
        this.path = path;
        this.handshaker = handshaker;
        this.config = config;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, "no WebSocket handshake from " + uri
                + " within " + config.connectTimeout().toMillis() + " ms", null),
                config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        handshaker.handshake(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
        if (!res.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            fail(ctx, "WebSocket handshake rejected by " + uri + ": HTTP " + res.status(), null);
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), res);
        } catch (RuntimeException e) {
            fail(ctx, "WebSocket handshake with " + uri + " failed: " + e.getMessage(), e);
            return;
        }
        Subprotocol sub = Subprotocol.parse(handshaker.actualSubprotocol());
        if (sub == null) {
            fail(ctx, uri + " chose an unknown subprotocol " + handshaker.actualSubprotocol(), null);
            return;
        }
        cancelTimeout();
        WsMuxConnection conn = new WsMuxConnection(ctx.channel(), sub, false, path, config.limits());
        ChannelPipeline p = ctx.pipeline();
        p.addLast(new IdleStateHandler(config.idleTimeout().toMillis(),
                config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
        p.addLast(new WebSocketFrameAggregator(config.maxMessageSize()));
        p.addLast(new WsChannelHandler(conn));
        p.remove(this);
        conn.start(config.idleTimeout().toMillis());
        if (!result.complete(conn)) {
            conn.close(0, "connect cancelled");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            fail(ctx, "TLS handshake with " + uri + " failed: " + e.cause().getMessage(), e.cause());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "connection to " + uri + " closed during the WebSocket handshake", null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof SSLException)) {
            c = c.getCause();
        }
        String what = c instanceof SSLException ? "TLS handshake with " : "WebSocket handshake with ";
        fail(ctx, what + uri + " failed: " + c.getMessage(), cause);
    }

    private void fail(ChannelHandlerContext ctx, String message, Throwable cause) {
        cancelTimeout();
        result.completeExceptionally(new MoqMuxException(MoqMuxException.Kind.CONNECTION,
                MoqMuxException.NO_OFFSET, message, cause));
        ctx.close();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
