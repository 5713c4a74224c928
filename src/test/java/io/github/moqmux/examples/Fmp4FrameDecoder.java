package io.github.moqmux.examples;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A Netty pipeline stage that imports the fMP4 bytes of a connection (an ingest socket, a chunked
 * HTTP PUT body, ...) into a MoQ broadcast. It produces no messages: its output is the broadcast.
 * Shown in README.md, "Netty pipeline".
 */
final class Fmp4FrameDecoder extends ByteToMessageDecoder {
    private final Fmp4Importer importer;

    Fmp4FrameDecoder(BroadcastProducer broadcast, CatalogProducer catalog, Fmp4Config config) {
        this.importer = new Fmp4Importer(broadcast, catalog, config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Consumes every complete top-level box and leaves the reader index at the first byte it
        // has not processed; ByteToMessageDecoder keeps the rest and calls again when more arrive.
        // Frames keep slices of `in`: the decoder never compacts a cumulation while refCnt() > 1.
        importer.decode(in);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // The connection closed: import what is left, then end every track.
        if (in.isReadable()) {
            importer.decode(in);
        }
        if (in.isReadable()) {
            throw new MoqMuxException(MoqMuxException.Kind.TRUNCATED, importer.position(),
                "connection closed inside a box, " + in.readableBytes() + " bytes short of its end");
        }
        importer.finish();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        importer.close();   // removes this stream's renditions from the catalog
    }
}
