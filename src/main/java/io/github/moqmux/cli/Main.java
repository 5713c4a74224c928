package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackStats;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.DiscardingBroadcast;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code moq-mux} command line: imports an fMP4 file (or stdin) and shows or dumps the
 * resulting MoQ broadcast. Run {@code java -jar moq-mux-cli.jar --help} for the usage.
 */
public final class Main {
    /** Exit code: success. */
    public static final int EXIT_OK = 0;
    /** Exit code: the input could not be imported (bad bytes, unsupported, I/O). */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code: the command line was wrong. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
        Usage: moq-mux <command> [options] <input> [<dir>]

        Imports fragmented MP4 (fMP4/CMAF) into a MoQ broadcast, the way a media server embedding
        the moq-mux library would, and shows the result.

        Commands:
          inspect [--passthrough] <input>        print the final hang catalog (pretty JSON) and a
                                                 table per track: name, kind, codec, samples, groups,
                                                 frames, bytes, first and last timestamp (µs),
                                                 jitter (ms), dropped samples
          dump [--passthrough] <input> <dir>     write every frame of every track, the catalog tracks
                                                 included, to <dir>/<track>/<group>/<frame> (exact
                                                 bytes of that MoQ frame), then print the same summary
          bench [--passthrough] [--iterations N] <file>
                                                 import the file N times (after warm-up) from memory
                                                 into a discarding broadcast; print one JSON line:
                                                 samples, bytes, ms_median/min/max, samples_per_s,
                                                 mb_per_s, alloc_bytes_per_sample
          help, --help, -h                       show this text

        Options:
          --passthrough   cmaf container: one frame per fragment (moof+mdat) on *.m4s tracks,
                          instead of the legacy container (varint µs timestamp + sample) on *.hang

        <input> is a file, or - for standard input, e.g. a live encoder:
          ffmpeg -re -f lavfi -i testsrc2 -c:v libx264 -f mp4 \\
              -movflags frag_keyframe+empty_moov+default_base_moof - | java -jar moq-mux-cli.jar inspect -

        Examples:
          java -jar target/moq-mux-cli.jar inspect testdata/h264_aac.mp4
          java -jar target/moq-mux-cli.jar dump --passthrough testdata/h264_aac.mp4 /tmp/out

        Exit codes: 0 success; 1 the input could not be imported (one line "error: <what> at byte
        <offset>" on stderr); 2 wrong command line.
        """;

    private Main() {
    }

    /**
     * Runs the CLI and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // The CLI ships no SLF4J backend; keep slf4j-api's "no providers" notice off stderr, which
        // is reserved for the one-line error report.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the CLI without exiting, for tests and embedding.
     *
     * @param args  the command line
     * @param stdin read when the input is {@code -}
     * @param out   where results go
     * @param err   where errors go
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_BAD_INPUT} or {@link #EXIT_USAGE}
     */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("bench")) {
            return BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        List<String> positional = new ArrayList<>();
        boolean passthrough = false;
        for (String arg : args) {
            switch (arg) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE);
                    return EXIT_OK;
                }
                case "--passthrough" -> passthrough = true;
                default -> {
                    if (arg.startsWith("--")) {
                        return usage(err, "unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.isEmpty()) {
            return usage(err, "missing command");
        }
        String command = positional.remove(0);
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        try {
            switch (command) {
                case "inspect" -> {
                    if (positional.size() != 1) {
                        return usage(err, "inspect takes one input");
                    }
                    import_(positional.get(0), stdin, new DiscardingBroadcast(), config, out);
                }
                case "dump" -> {
                    if (positional.size() != 2) {
                        return usage(err, "dump takes an input and a directory");
                    }
                    Path dir = Path.of(positional.get(1));
                    Files.createDirectories(dir);
                    import_(positional.get(0), stdin, new DirectoryBroadcast(dir), config, out);
                }
                default -> {
                    return usage(err, "unknown command " + command);
                }
            }
            return EXIT_OK;
        } catch (MoqMuxException e) {
            err.println("error: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("error: " + e);
            return EXIT_BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getCause());
            return EXIT_BAD_INPUT;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("Run with --help for usage.");
        return EXIT_USAGE;
    }

    private static void import_(String input, InputStream stdin, BroadcastProducer broadcast, Fmp4Config config,
                                PrintStream out) throws IOException {
        CatalogProducer catalog = new CatalogProducer(broadcast);
        try (InputStream in = input.equals("-") ? nonClosing(stdin) : Files.newInputStream(Path.of(input));
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            importer.decodeFrom(in);
            importer.finish();
            if (!importer.isInitialized()) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, importer.position(),
                    "input ended without a moov box");
            }
            out.println(PrettyJson.format(catalog.current().toJson()));
            out.println();
            printTable(out, importer.tracks());
        } finally {
            catalog.close();
        }
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    static void printTable(PrintStream out, List<TrackStats> tracks) {
        String format = "%-10s %-5s %-28s %8s %7s %8s %12s %14s %14s %7s %7s%n";
        out.printf(format, "track", "kind", "codec", "samples", "groups", "frames", "bytes", "first_us", "last_us",
            "jitter", "dropped");
        for (TrackStats t : tracks) {
            out.printf(format, t.name(), t.kind().name().toLowerCase(java.util.Locale.ROOT), t.codec(), t.samples(),
                t.groups(), t.frames(), t.bytes(), t.firstTimestampMicros(), t.lastTimestampMicros(),
                t.jitterMillis() < 0 ? "-" : t.jitterMillis() + "ms", t.droppedSamples());
        }
    }
}
