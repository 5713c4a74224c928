package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.moqmux.catalog.Catalog;
import io.github.moqmux.fmp4.TrackKind;
import io.github.moqmux.fmp4.TrackStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's {@code --json} strings come from the library's one writer, escaped as JSON.stringify does. */
class StatsJsonTest {
    @Test
    void namesAreEscapedWithShortFormsAndLoneSurrogates() throws Exception {
        String name = "a\bb\fc\"d\ud800e";
        TrackStats stats = new TrackStats(name, TrackKind.VIDEO, "avc1.64001f", 1, 2, 3, 1, 2, 0, 0, 33_333, -1, -1, -1);
        String json = StatsJson.format(Catalog.empty(), List.of(stats));
        assertThat(json).contains("\"name\":\"a\\bb\\fc\\\"d\\ud800e\"");
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.get("tracks").get(0).get("name").asText()).startsWith("a\bb\fc\"d");
    }
}
