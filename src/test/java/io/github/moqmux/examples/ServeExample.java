package io.github.moqmux.examples;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.NetworkBroadcast;
import io.github.moqmux.net.ws.MoqServer;
import io.github.moqmux.net.ws.WebSocketServerConfig;
import java.util.concurrent.CountDownLatch;

/** README "Embedding a server": an fMP4 stream on stdin served to browsers at ws://HOST:4443/. */
public final class ServeExample {
    public static void main(String[] args) throws Exception {
        MoqOrigin origin = new MoqOrigin();
        try (NetworkBroadcast broadcast = new NetworkBroadcast();      // keeps 5 s for late joiners
             CatalogProducer catalog = new CatalogProducer(broadcast);
             MoqServer server = MoqServer.start(WebSocketServerConfig.builder()
                     .port(args.length > 0 ? Integer.parseInt(args[0]) : 4443).build(), origin);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            origin.publish("live", broadcast);                          // <moq-watch name="live">
            System.err.println("serving " + server.url("localhost") + " name=live");
            importer.decodeFrom(System.in);                             // e.g. ffmpeg ... -f mp4 -
            importer.finish();                                          // every track ends
            new CountDownLatch(1).await();                              // serve until interrupted
        }
    }
}
