package io.github.moqmux.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (a): the box header reader and {@code Mp4Parser.parseMoov/parseMoof/parseFtyp}
 * alone, on raw bytes.
 *
 * <p>In a normal {@code mvn test} it replays its seeds ({@code src/test/resources/.../
 * Mp4ParserFuzzTestInputs/boxes/}: the {@code moov} and first {@code moof} of every fixture)
 * and any crash reproducer committed there. To fuzz it for real, see README "Robustness":
 * {@code JAZZER_FUZZ=1 mvn -B -ntp test -Dtest=Mp4ParserFuzzTest -Djazzer.max_duration=90s}.
 */
class Mp4ParserFuzzTest {
    @FuzzTest(maxDuration = "90s")
    void boxes(byte[] data) {
        FuzzHarness.parseBoxes(data);
    }
}
