package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
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
 *
 * <pre>{@code
 * java -jar moq-mux-cli.jar inspect clip.mp4               # catalog and a table per track
 * java -jar moq-mux-cli.jar inspect --json clip.mp4        # one JSON document for scripts
 * java -jar moq-mux-cli.jar dump --passthrough clip.mp4 out/
 * }</pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_BAD_INPUT} the input could not be
 * imported (one {@code error: <what> at byte <offset>} line on stderr), {@value #EXIT_USAGE} a
 * wrong command line.
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
          inspect [options] <input>        print the final hang catalog (pretty JSON) and a table
                                           per track: name, kind, codec, samples, groups, frames,
                                           size, first and last timestamp, jitter, dropped samples
          dump [options] <input> <dir>     write every frame of every track, the catalog tracks
                                           included, to <dir>/<track>/<group>/<frame> (exact bytes
                                           of that MoQ frame), then print the same summary
          bench [--passthrough] [--iterations N] <file>
                                           import the file N times (after warm-up) from memory into
                                           a discarding broadcast; print one JSON line: samples,
                                           bytes, ms_median/min/max, samples_per_s, mb_per_s,
                                           alloc_bytes_per_sample
          bench latency [--passthrough] [--piece BYTES] [--speed X] <input>
                                           feed a file at real-time pace (X times faster) in
                                           BYTES-sized pieces (default 1500); print per publishing
                                           mode one JSON line of sample and fragment publish
                                           latencies (p50/p99, µs)
          bench serve [--subscribers 1,10,100,500] [--seconds N] [--warmup S] [--passthrough] <file>
                                           publish the file at real-time pace to N loopback
                                           WebSocket subscribers through the library (moq-lite-05)
                                           and through a raw Netty WebSocket fan-out; print per N
                                           one JSON line (Mbit/s, latency p50/p99, CPU, heap,
                                           per-frame cost ratio), then a table
          serve --listen HOST:PORT [--name NAME] [--passthrough] [--loop] <input>
                                           serve the input as broadcast NAME (default: the file's
                                           base name without extension, "stdin" for -) to MoQ
                                           viewers at ws://HOST:PORT/ (@moq/watch, @moq/net,
                                           @moq/lite): a file at its real-time pace, its clock
                                           started when the first viewer has subscribed; a pipe as
                                           bytes arrive. Prints the URL and a <moq-watch> snippet;
                                           keeps serving after the input ends, until Ctrl-C;
                                           --loop (a file only) plays it again and again
                                           into the same tracks, timestamps and group
                                           sequences continuing
          publish [--passthrough] <ws(s)://relay/path> <input>
                                           connect to a MoQ relay and publish the input as the
                                           file's base name, paced the same way; ends when the
                                           relay closes the session or on Ctrl-C
          help, --help, -h                 show this text

        Options:
          --passthrough   cmaf container: one frame per fragment (moof+mdat) on *.m4s tracks,
                          instead of the legacy container (varint µs timestamp + sample) on *.hang
          --json          print one JSON document instead: {"catalog": <hang catalog>, "tracks":
                          [{"name", "kind", "codec", "trackId", "samples", "bytes", "groups",
                          "frames", "droppedSamples", "firstTimestampMicros",
                          "lastTimestampMicros", "jitterMillis"}]} with exact integers
          --verbose, -v   log everything the library logs on stderr (default: warnings only,
                          as "warning: <message>" lines)

        <input> is a file, or - for standard input, e.g. a live encoder:
          ffmpeg -re -f lavfi -i testsrc2 -c:v libx264 -f mp4 \\
              -movflags frag_keyframe+empty_moov+default_base_moof - | java -jar moq-mux-cli.jar inspect -

        While a long input is imported and the console is a terminal, a progress line on stderr
        shows the bytes read, the rate, and the tracks and groups created so far.

        Examples:
          java -jar moq-mux-cli.jar inspect testdata/h264_aac.mp4
          java -jar moq-mux-cli.jar inspect --json clip.mp4 | jq '.tracks[] | {name, groups}'
          java -jar moq-mux-cli.jar dump --passthrough clip.mp4 out/
          java -jar moq-mux-cli.jar serve --listen 127.0.0.1:4443 clip.mp4
          java -jar moq-mux-cli.jar publish ws://relay.example:4443/anon clip.mp4
          gst-launch-1.0 -q -e videotestsrc num-buffers=300 ! video/x-raw,format=I420 ! x264enc \\
              key-int-max=60 ! h264parse ! mp4mux fragment-duration=1000 streamable=true \\
              ! fdsink fd=1 | java -jar moq-mux-cli.jar inspect -

        Exit codes:
          0 success
          1 the input could not be imported: one line "error: <what> at byte <offset>" on stderr
            (warnings about the input, such as skipped tracks, may precede it); serve/publish:
            also a network failure (port taken, connection refused, handshake rejected, the
            peer closing the session with an error code), one "error: ..." line
          2 wrong command line
        """;

    private Main() {
    }

    /**
     * Runs the CLI and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Our own tiny SLF4J backend, for this process only (the library imposes none on embedders).
        // slf4j-api announces an explicitly chosen provider at its INFO level; keep that off stderr.
        System.setProperty("slf4j.provider", CliLoggerProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN");
        System.exit(run(args, System.in, System.out, System.err, System.console() != null));
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
        return run(args, stdin, out, err, false);
    }

    /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, with a progress line when asked. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, boolean progress) {
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("serve")) {
            return ServeBench.command(List.of(args).subList(2, args.length), out, err);
        }
        if (args.length >= 2 && args[0].equals("bench") && args[1].equals("latency")) {
            try {
                return LatencyBench.command(List.of(args).subList(2, args.length), out, err);
            } catch (MoqMuxException e) {
                err.println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            } catch (IOException e) {
                err.println("error: " + e);
                return EXIT_BAD_INPUT;
            }
        }
        if (args.length > 0 && (args[0].equals("serve") || args[0].equals("publish"))) {
            List<String> rest = List.of(args).subList(1, args.length);
            if (rest.contains("--help") || rest.contains("-h")) {
                out.print(USAGE);
                return EXIT_OK;
            }
            try {
                return args[0].equals("serve") ? NetCommand.serve(rest, stdin, out, err)
                        : NetCommand.publish(rest, stdin, out, err);
            } catch (NetCommand.UsageException e) {
                return usage(err, e.getMessage());
            }
        }
        if (args.length > 0 && args[0].equals("bench")) {
            return BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        List<String> positional = new ArrayList<>();
        boolean passthrough = false;
        boolean json = false;
        boolean verbose = false;
        for (String arg : args) {
            switch (arg) {
                case "--help", "-h", "help" -> {
                    out.print(USAGE);
                    return EXIT_OK;
                }
                case "--passthrough" -> passthrough = true;
                case "--json" -> json = true;
                case "--verbose", "-v" -> verbose = true;
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
        CliLogging.configure(err, verbose);
        Output output = new Output(out, json, progress ? new Progress(err, System::nanoTime) : null);
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        try {
            switch (command) {
                case "inspect" -> {
                    if (positional.size() != 1) {
                        return usage(err, "inspect takes one input");
                    }
                    import_(positional.get(0), stdin, new DiscardingBroadcast(), config, output);
                }
                case "dump" -> {
                    if (positional.size() != 2) {
                        return usage(err, "dump takes an input and a directory");
                    }
                    Path dir = Path.of(positional.get(1));
                    Files.createDirectories(dir);
                    import_(positional.get(0), stdin, new DirectoryBroadcast(dir), config, output);
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
        } catch (RuntimeException | OutOfMemoryError e) {
            // A bug or an exhausted heap is still one line, never a stack trace (issue 12).
            err.println("error: internal error: " + e);
            return EXIT_BAD_INPUT;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("Run with --help for usage.");
        return EXIT_USAGE;
    }

    /** Where and how results are shown. */
    private record Output(PrintStream out, boolean json, Progress progress) {
    }

    private static void import_(String input, InputStream stdin, BroadcastProducer target, Fmp4Config config,
                                Output output) throws IOException {
        Progress progress = output.progress();
        BroadcastProducer broadcast = progress == null ? target : progress.count(target);
        CatalogProducer catalog = new CatalogProducer(broadcast);
        CliLogging.progress(progress);
        try (Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            if (input.equals("-")) {
                importer.decodeFrom(progress == null ? stdin : progress.count(stdin));
            } else {
                Path file = Path.of(input);
                if (!Files.exists(file)) {
                    throw new NoSuchFileException(input);
                }
                if (progress != null) {
                    long[] reported = {0};
                    importer.setSampleListener((track, ts, end) -> {
                        progress.read(end - reported[0]);
                        reported[0] = end;
                    });
                }
                importer.decodeFrom(file); // seeks to a moov stored after its mdat
            }
            importer.finish();
            if (progress != null) {
                progress.erase();
            }
            if (!importer.isInitialized()) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, importer.position(),
                    "input ended without a moov box");
            }
            PrintStream out = output.out();
            if (output.json()) {
                out.println(PrettyJson.format(StatsJson.format(catalog.current(), importer.tracks())));
            } else {
                out.println(PrettyJson.format(catalog.current().toJson()));
                out.println();
                TrackTable.print(out, importer.tracks());
            }
        } finally {
            if (progress != null) {
                progress.erase();
            }
            CliLogging.progress(null);
            catalog.close();
        }
    }
}
