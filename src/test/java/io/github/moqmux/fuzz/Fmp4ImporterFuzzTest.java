package io.github.moqmux.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (b): the whole {@code Fmp4Importer}, in either container, fed in fuzzer-chosen
 * chunk sizes into a {@code MemoryBroadcast} that is closed after each input.
 *
 * <p>Input layout (what {@link FuzzedDataProvider} consumes from the end of the input): one mode
 * byte (bit 0: passthrough), then four 32-bit chunk sizes (each taken modulo 128 KiB, plus 1);
 * everything before is the byte stream. The seeds in {@code Fmp4ImporterFuzzTestInputs/importer/}
 * are cut-down fixtures with that 17-byte trailer appended.
 *
 * <p>In a normal {@code mvn test} it replays its seeds and any committed crash reproducer. To
 * fuzz it: {@code JAZZER_FUZZ=1 mvn -B -ntp test -Dtest=Fmp4ImporterFuzzTest -Djazzer.max_duration=90s}.
 */
class Fmp4ImporterFuzzTest {
    @FuzzTest(maxDuration = "90s")
    void importer(FuzzedDataProvider data) {
        boolean passthrough = (data.consumeByte() & 1) != 0;
        int[] chunks = new int[4];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = 1 + Math.floorMod(data.consumeInt(), 1 << 17);
        }
        FuzzHarness.importStream(data.consumeRemainingAsBytes(), passthrough, chunks);
    }
}
