package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackStats;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code moq-mux bench [--passthrough] [--iterations N] [--warmup N] <file>}: loads the file into
 * one heap buffer, imports it {@code N} times (after warm-up imports that are not measured: by
 * default at least {@code N} of them and at least {@value #WARMUP_SECONDS} seconds of them) into a
 * {@link DiscardingBroadcast}, each time with a fresh importer and catalog producer, and prints one
 * JSON line:
 *
 * <pre>
 * {"file":"x.mp4","container":"legacy","iterations":10,"samples":9226,"bytes":92000000,
 *  "ms_median":1.9,"ms_min":1.8,"ms_max":2.4,"samples_per_s":4855789,"mb_per_s":48421.0,
 *  "alloc_bytes_per_sample":61.2}
 * </pre>
 *
 * <ul>
 *   <li>{@code samples}: samples of the file the importer went through (published + dropped);
 *   <li>{@code bytes}: the file size; {@code mb_per_s} counts 10<sup>6</sup> bytes per MB;
 *   <li>{@code ms_*}: wall time of one whole import (decode, finish, close);
 *   <li>{@code samples_per_s}, {@code mb_per_s}: from the median time;
 *   <li>{@code alloc_bytes_per_sample}: bytes the importing thread allocated during one import
 *       ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) divided by
 *       {@code samples}, median over the iterations; -1 when the JVM cannot measure it.
 * </ul>
 */
final class BenchCommand {
    static final int DEFAULT_ITERATIONS = 20;
    /** Minimum warm-up time when {@code --warmup} is not given. */
    static final long WARMUP_SECONDS = 5;

    private BenchCommand() {
    }

    /**
     * @param args the arguments after {@code bench}
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean passthrough = false;
        int iterations = DEFAULT_ITERATIONS;
        int warmup = -1;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--passthrough" -> passthrough = true;
                case "--iterations", "--warmup" -> {
                    if (i + 1 == args.length) {
                        return usage(err, arg + " needs a number");
                    }
                    int n;
                    try {
                        n = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        return usage(err, arg + " needs a number, not " + args[i]);
                    }
                    if (n < (arg.equals("--iterations") ? 1 : 0)) {
                        return usage(err, arg + " " + n + " is too small");
                    }
                    if (arg.equals("--iterations")) {
                        iterations = n;
                    } else {
                        warmup = n;
                    }
                }
                default -> {
                    if (arg.startsWith("--") || file != null) {
                        return usage(err, arg.startsWith("--") ? "unknown option " + arg : "bench takes one file");
                    }
                    file = arg;
                }
            }
        }
        if (file == null) {
            return usage(err, "bench takes one file");
        }
        long warmupNanos = 0;
        if (warmup < 0) {
            // An import of a 90 MB file takes about a millisecond once compiled, so a count alone
            // (20 imports) measured the JIT's tiers rather than the code: medians 3-5x the steady
            // state. By default the warm-up also runs for WARMUP_SECONDS.
            warmup = Math.max(10, iterations);
            warmupNanos = WARMUP_SECONDS * 1_000_000_000L;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e);
            return Main.EXIT_BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("error: " + file + " does not fit in the heap (raise -Xmx)");
            return Main.EXIT_BAD_INPUT;
        }
        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        try {
            Result r = measure(input, Fmp4Config.defaults().withPassthrough(passthrough), warmup, warmupNanos,
                iterations);
            out.println(r.toJson(Path.of(file).getFileName().toString(), passthrough ? "cmaf" : "legacy"));
            return Main.EXIT_OK;
        } catch (MoqMuxException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } finally {
            input.release();
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("Usage: moq-mux bench [--passthrough] [--iterations N] [--warmup N] <file>");
        return Main.EXIT_USAGE;
    }

    /** The outcome of a measurement. */
    record Result(int iterations, long samples, long bytes, double[] millis, double[] allocPerSample) {
        double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        String toJson(String file, String container) {
            double msMedian = median(millis);
            double seconds = msMedian / 1000;
            return String.format(Locale.ROOT, "{\"file\":%s,\"container\":\"%s\",\"iterations\":%d,\"samples\":%d,"
                    + "\"bytes\":%d,\"ms_median\":%.3f,\"ms_min\":%.3f,\"ms_max\":%.3f,\"samples_per_s\":%d,"
                    + "\"mb_per_s\":%.1f,\"alloc_bytes_per_sample\":%.1f}",
                jsonString(file), container, iterations, samples, bytes, msMedian,
                Arrays.stream(millis).min().orElse(0), Arrays.stream(millis).max().orElse(0),
                seconds > 0 ? Math.round(samples / seconds) : 0, seconds > 0 ? bytes / 1e6 / seconds : 0,
                median(allocPerSample));
        }
    }

    /**
     * Imports {@code input} (not modified: each import reads a duplicate) at least {@code warmup}
     * times and for at least {@code warmupNanos} unmeasured, then {@code iterations} times measured.
     */
    static Result measure(ByteBuf input, Fmp4Config config, int warmup, long warmupNanos, int iterations) {
        AllocationCounter alloc = AllocationCounter.create();
        long samples = 0;
        long warmupStart = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warmupStart < warmupNanos; i++) {
            samples = importOnce(input, config);
        }
        double[] millis = new double[iterations];
        double[] allocPerSample = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long allocStart = alloc.allocatedBytes();
            long start = System.nanoTime();
            samples = importOnce(input, config);
            long elapsed = System.nanoTime() - start;
            long allocated = alloc.allocatedBytes() - allocStart;
            millis[i] = elapsed / 1e6;
            allocPerSample[i] = allocStart < 0 || samples == 0 ? -1 : (double) allocated / samples;
        }
        return new Result(iterations, samples, input.readableBytes(), millis, allocPerSample);
    }

    /** @return the number of samples the importer went through */
    static long importOnce(ByteBuf input, Fmp4Config config) {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        ByteBuf view = input.duplicate();
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            importer.decode(view);
            if (view.isReadable()) {
                throw new MoqMuxException(MoqMuxException.Kind.TRUNCATED, importer.position(),
                    "input ended inside a box: " + view.readableBytes() + " bytes of an incomplete box remain");
            }
            if (!importer.isInitialized()) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, importer.position(),
                    "input ended without a moov box");
            }
            importer.finish();
            long samples = 0;
            for (TrackStats t : importer.tracks()) {
                samples += t.samples() + t.droppedSamples();
            }
            return samples;
        }
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The current thread's allocation counter, where the JVM offers one. */
    interface AllocationCounter {
        /** @return bytes allocated by the current thread so far, or -1 when unknown */
        long allocatedBytes();

        static AllocationCounter create() {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
                if (!sun.isThreadAllocatedMemoryEnabled()) {
                    sun.setThreadAllocatedMemoryEnabled(true);
                }
                long id = Thread.currentThread().getId();
                return () -> sun.getThreadAllocatedBytes(id);
            }
            return () -> -1;
        }
    }
}
