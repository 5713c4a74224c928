package io.github.moqmux.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (b): the whole {@code Fmp4Importer}, in either container and a fuzzer-chosen
 * configuration (whole-mdat mode, track selection) and entry point ({@code decode} in chunks,
 * {@code decodeFrom(InputStream)}, {@code decodeFrom(Path)} of a temporary file), into a
 * {@code MemoryBroadcast} that is closed after each input. See {@link FuzzHarness} for what
 * counts as a finding.
 *
 * <p>Input layout (what {@link FuzzedDataProvider} consumes from the end of the input): one mode
 * byte ({@link FuzzHarness.Options#fromMode}: bit 0 passthrough, bit 1 whole-mdat mode, bits 2-3
 * entry point, bits 4-5 track selection), then four 32-bit chunk sizes (each taken modulo
 * 128 KiB, plus 1); everything before is the byte stream. The seeds in
 * {@code Fmp4ImporterFuzzTestInputs/importer/} are cut-down fixtures with that 17-byte trailer
 * appended, and the reproducers of issue 12 ({@code d*}, written by {@link DefectSeeds}).
 *
 * <p>In a normal {@code mvn test} it replays its seeds and any committed crash reproducer. To
 * fuzz it as {@code .ci/run} does (a heap limit makes an {@code OutOfMemoryError} a finding):
 * {@code JAZZER_FUZZ=1 mvn -B -ntp test -Dtest=Fmp4ImporterFuzzTest -DargLine=-Xmx256m -Djazzer.max_duration=90s}.
 */
class Fmp4ImporterFuzzTest {
    @FuzzTest(maxDuration = "90s")
    void importer(FuzzedDataProvider data) {
        FuzzHarness.Options options = FuzzHarness.Options.fromMode(data.consumeByte() & 0xFF);
        int[] chunks = new int[4];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = 1 + Math.floorMod(data.consumeInt(), 1 << 17);
        }
        FuzzHarness.importStream(data.consumeRemainingAsBytes(), options, chunks);
    }
}
