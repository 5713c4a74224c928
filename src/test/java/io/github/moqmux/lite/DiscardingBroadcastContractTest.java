package io.github.moqmux.lite;

/** {@link DiscardingBroadcast} keeps the producer contract and releases every chunk at once. */
class DiscardingBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return new DiscardingBroadcast();
    }
}
