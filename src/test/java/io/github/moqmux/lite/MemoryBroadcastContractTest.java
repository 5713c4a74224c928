package io.github.moqmux.lite;

/** {@link MemoryBroadcast} keeps the producer contract; closing it releases every frame it holds. */
class MemoryBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return new MemoryBroadcast();
    }

    @Override
    protected void dispose(BroadcastProducer broadcast) {
        ((MemoryBroadcast) broadcast).close();
    }
}
