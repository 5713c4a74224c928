package io.github.moqmux.cli;

import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.BroadcastProducerContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's {@link DirectoryBroadcast} keeps the producer contract. */
class DirectoryBroadcastContractTest extends BroadcastProducerContract {
    @TempDir
    Path dir;

    @Override
    protected BroadcastProducer newBroadcast() {
        return new DirectoryBroadcast(dir);
    }
}
