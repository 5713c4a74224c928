package io.github.moqmux.examples;

import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.BroadcastProducerContract;
import java.util.concurrent.LinkedBlockingQueue;

/** The README's queue transport ({@link QueueBroadcast}) keeps the producer contract. */
class QueueBroadcastContractTest extends BroadcastProducerContract {
    @Override
    protected BroadcastProducer newBroadcast() {
        return new QueueBroadcast(new LinkedBlockingQueue<>());
    }
}
