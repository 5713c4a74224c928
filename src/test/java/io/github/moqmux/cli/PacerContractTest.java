package io.github.moqmux.cli;

import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.BroadcastProducerContract;
import io.github.moqmux.net.NetworkBroadcast;

/**
 * {@link Pacer} keeps the producer contract: its checks happen on the importer's thread at once,
 * and every buffer it queued is released when it and its broadcast are closed.
 */
class PacerContractTest extends BroadcastProducerContract {
    private NetworkBroadcast network;

    @Override
    protected BroadcastProducer newBroadcast() {
        network = new NetworkBroadcast();
        Pacer pacer = new Pacer(network, 10_000_000, 64 << 20, 0);
        pacer.requestStart();
        pacer.endOfInput();
        return pacer;
    }

    @Override
    protected void dispose(BroadcastProducer broadcast) {
        ((Pacer) broadcast).close();
        network.close();
    }
}
