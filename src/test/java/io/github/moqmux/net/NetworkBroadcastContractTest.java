package io.github.moqmux.net;

import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.BroadcastProducerContract;

/** The network broadcast keeps the producer contract (issue 10 §3); closing it releases what it kept. */
class NetworkBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return new NetworkBroadcast();
    }

    @Override
    protected void dispose(BroadcastProducer broadcast) {
        ((NetworkBroadcast) broadcast).close();
    }
}
