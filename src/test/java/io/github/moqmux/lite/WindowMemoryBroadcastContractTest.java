package io.github.moqmux.lite;

import java.time.Duration;

/** A {@link MemoryBroadcast} with a time window keeps the same producer contract. */
class WindowMemoryBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return MemoryBroadcast.keepingWindow(Duration.ZERO);
    }

    @Override
    protected void dispose(BroadcastProducer broadcast) {
        ((MemoryBroadcast) broadcast).close();
    }
}
