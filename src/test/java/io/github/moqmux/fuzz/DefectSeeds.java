package io.github.moqmux.fuzz;

import io.github.moqmux.fmp4.DefectInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the reproducers of issue 12 ({@link DefectInputs}) as seeds of
 * {@link Fmp4ImporterFuzzTest}: each with the 17-byte trailer (chunk sizes of 1001 bytes, then the
 * mode byte), once through {@code decode} and once through {@code decodeFrom(Path)}; the
 * two-traf reproducer in passthrough, where it fails. Run from the project directory after
 * changing {@link DefectInputs}:
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.github.moqmux.fuzz.DefectSeeds}.
 */
public final class DefectSeeds {
    static final Path DIR = Path.of("src/test/resources/io/github/moqmux/fuzz/Fmp4ImporterFuzzTestInputs/importer");
    /** Bits 2-3 of the mode byte = 2: {@code decodeFrom(Path)}. */
    static final int FILE = 2 << 2;

    private DefectSeeds() {
    }

    /**
     * @param args unused
     * @throws IOException if a seed cannot be written
     */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, byte[]> e : DefectInputs.all().entrySet()) {
            int mode = e.getKey().startsWith("d03_") ? 1 : 0;
            Files.write(DIR.resolve(e.getKey()), withTrailer(e.getValue(), mode));
            Files.write(DIR.resolve(e.getKey() + "_file"), withTrailer(e.getValue(), mode | FILE));
        }
    }

    static byte[] withTrailer(byte[] stream, int mode) {
        byte[] out = new byte[stream.length + 17];
        System.arraycopy(stream, 0, out, 0, stream.length);
        for (int i = 0; i < 4; i++) {
            out[stream.length + 4 * i] = (byte) 0xe8;
            out[stream.length + 4 * i + 1] = 0x03;
        }
        out[out.length - 1] = (byte) mode;
        return out;
    }
}
