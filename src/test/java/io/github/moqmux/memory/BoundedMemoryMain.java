package io.github.moqmux.memory;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackStats;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link BoundedMemoryTest}: feeds a long synthetic stream
 * to an importer in 64 KiB pieces, the way a network decoder would (one cumulation buffer whose
 * consumed bytes are discarded when nothing references them any more), and prints one line:
 * {@code fed=<bytes> samples=<n> imported=<n> maxUnread=<bytes> maxCapacity=<bytes> largestFragment=<bytes>}.
 *
 * <p>Arguments: fixture path, bytes to feed, {@code legacy} or {@code cmaf}.
 */
public final class BoundedMemoryMain {
    static final int PIECE = 64 * 1024;

    private BoundedMemoryMain() {
    }

    public static void main(String[] args) throws Exception {
        SyntheticStream stream = new SyntheticStream(Files.readAllBytes(Path.of(args[0])), Long.parseLong(args[1]));
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(args[2].equals("cmaf"));
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        byte[] piece = new byte[PIECE];
        ByteBuf cumulation = Unpooled.buffer(PIECE);
        long fed = 0;
        long maxUnread = 0;
        long maxCapacity = 0;
        long imported = 0;
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            int n;
            while ((n = stream.read(piece)) > 0) {
                cumulation = writable(cumulation, n);
                cumulation.writeBytes(piece, 0, n);
                fed += n;
                importer.decode(cumulation);
                maxUnread = Math.max(maxUnread, cumulation.readableBytes());
                maxCapacity = Math.max(maxCapacity, cumulation.capacity());
            }
            if (cumulation.isReadable()) {
                throw new IllegalStateException(cumulation.readableBytes() + " bytes left undecoded");
            }
            importer.finish();
            for (TrackStats t : importer.tracks()) {
                imported += t.samples();
            }
        } finally {
            cumulation.release();
        }
        System.out.println("fed=" + fed + " samples=" + stream.samples() + " imported=" + imported
            + " maxUnread=" + maxUnread + " maxCapacity=" + maxCapacity
            + " largestFragment=" + stream.largestFragment());
    }

    /** Like Netty's ByteToMessageDecoder: compact in place only while no frame references the buffer. */
    private static ByteBuf writable(ByteBuf buffer, int wanted) {
        if (buffer.writableBytes() >= wanted) {
            return buffer;
        }
        if (buffer.refCnt() == 1) {
            buffer.discardReadBytes();
            buffer.ensureWritable(wanted);
            return buffer;
        }
        int unread = buffer.readableBytes();
        ByteBuf fresh = Unpooled.buffer(Math.max(PIECE, unread + wanted));
        fresh.writeBytes(buffer, buffer.readerIndex(), unread);
        buffer.release();
        return fresh;
    }
}
