package io.github.moqmux.lite;

/** A {@link MemoryBroadcast} with a retention limit keeps the same producer contract. */
class RetainingMemoryBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return MemoryBroadcast.keepingLastGroups(1);
    }

    @Override
    protected void dispose(BroadcastProducer broadcast) {
        ((MemoryBroadcast) broadcast).close();
    }
}
