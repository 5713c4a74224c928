package io.github.moqmux.net.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connected WebSocket pipeline: hands binary messages to the
 * {@link WsMuxConnection}, answers pings, sends pings when we have been quiet, and ends the
 * connection on a Close, a text message, an idle timeout or a transport failure.
 */
final class WsChannelHandler extends ChannelInboundHandlerAdapter {
    private final WsMuxConnection conn;

    WsChannelHandler(WsMuxConnection conn) {
        this.conn = conn;
    }

    WsMuxConnection connection() {
        return conn;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame f) {
                conn.onMessage(f.content());
            } else if (msg instanceof PingWebSocketFrame p) {
                ctx.write(new PongWebSocketFrame(p.content().retain()));
                ctx.flush();
            } else if (msg instanceof CloseWebSocketFrame c) {
                conn.onWebSocketClose(c.statusCode(), c.reasonText());
            } else if (msg instanceof WebSocketFrame && !(msg instanceof PongWebSocketFrame)) {
                // Text (and stray continuation) messages are not part of either framing.
                conn.onForbidden("a text message");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        conn.flushIfNeeded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            conn.pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.READER_IDLE) {
                conn.onTransportClosed(new java.util.concurrent.TimeoutException(
                        "no WebSocket frame from the peer within the idle timeout"));
            } else if (e.state() == IdleState.WRITER_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        conn.onTransportClosed(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            // Netty's WebSocket decoder: a frame too large, unmasked, or not WebSocket at all.
            conn.onForbidden("a broken WebSocket frame (" + cause.getMessage() + ")");
        } else {
            conn.onTransportClosed(cause);
        }
        ctx.close();
    }
}
