package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class CliLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CliLoggerProvider provider = new CliLoggerProvider();

    private Logger logger(String name, boolean verbose) {
        CliLogging.configure(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbose);
        provider.initialize();
        return provider.getLoggerFactory().getLogger(name);
    }

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void restore() {
        CliLogging.configure(System.err, false);
    }

    @Test
    void byDefaultOnlyWarningsAndErrorsArePrintedOneLineEach() {
        Logger log = logger("io.github.moqmux.fmp4.Fmp4Importer", false);
        log.trace("t");
        log.debug("d {}", 1);
        log.info("i {}", 2);
        log.warn("skipping track {} with handler '{}'", 3, "text");
        log.error("broken", new IllegalStateException("why"));
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
        String n = System.lineSeparator();
        assertThat(err()).isEqualTo("warning: skipping track 3 with handler 'text'" + n
            + "error: broken (java.lang.IllegalStateException: why)" + n);
    }

    @Test
    void verboseLogsEverythingOfTheLibraryWithTheLoggerName() {
        Logger log = logger("io.github.moqmux.catalog.CatalogProducer", true);
        log.trace("t");
        log.debug("d {}", 1);
        log.info("catalog #{}", 2);
        log.warn("w");
        String n = System.lineSeparator();
        assertThat(err()).isEqualTo("trace: [CatalogProducer] t" + n + "debug: [CatalogProducer] d 1" + n
            + "info: [CatalogProducer] catalog #2" + n + "warning: [CatalogProducer] w" + n);
    }

    @Test
    void verboseLeavesOtherLibrariesAtWarnings() {
        Logger log = logger("io.netty.util.internal.PlatformDependent", true);
        log.debug("noise");
        log.info("noise");
        log.warn("real");
        assertThat(err()).isEqualTo("warning: [PlatformDependent] real" + System.lineSeparator());
    }

    @Test
    void theProviderIsNotRegisteredAsAServiceSoEmbeddersChooseTheirOwnBackend() throws Exception {
        var urls = getClass().getClassLoader().getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
        int seen = 0;
        while (urls.hasMoreElements()) {
            try (var in = urls.nextElement().openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("io.github.moqmux");
            }
            seen++;
        }
        assertThat(seen).as("slf4j-simple's registration, test scope only").isEqualTo(1);
    }
}
