package io.github.moqmux.catalog;

import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.BroadcastProducerContract;

/** {@link CatalogProducerTest}'s recording fake keeps the producer contract, so its tests mean something. */
class FakeBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return new CatalogProducerTest.FakeBroadcast();
    }
}
