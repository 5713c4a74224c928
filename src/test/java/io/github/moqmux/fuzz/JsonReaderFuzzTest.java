package io.github.moqmux.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.Catalog;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target (c): the catalog JSON reader ({@code JsonReader}, through {@link Catalog#fromJson}),
 * whose input is hostile: a catalog comes from whoever publishes the broadcast.
 *
 * <p>Any input must either parse or fail with {@link MoqMuxException}; a catalog that parses must
 * survive {@code fromJson(c.toJson())} unchanged. In a normal {@code mvn test} it replays its seeds
 * ({@code src/test/resources/.../JsonReaderFuzzTestInputs/catalog/}: the first catalog the CLI's
 * {@code dump} publishes for several fixtures, in both containers). To fuzz it for real:
 * {@code JAZZER_FUZZ=1 mvn -B -ntp test -Dtest=JsonReaderFuzzTest -Djazzer.max_duration=90s}.
 */
class JsonReaderFuzzTest {
    @FuzzTest(maxDuration = "90s")
    void catalog(byte[] data) {
        String json = new String(data, StandardCharsets.UTF_8);
        Catalog catalog;
        try {
            catalog = Catalog.fromJson(json);
        } catch (MoqMuxException e) {
            return; // rejected with our error: the expected outcome for most inputs
        }
        Catalog again = Catalog.fromJson(catalog.toJson());
        if (!again.equals(catalog)) {
            throw new AssertionError("catalog changed in a toJson/fromJson round trip:\n" + json
                + "\n→ " + catalog.toJson() + "\n→ " + again.toJson());
        }
    }
}
