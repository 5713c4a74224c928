package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.fmp4.TrackStats;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.FourCC;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench latency}: feeds a file at real-time pace in network-sized pieces and measures how
 * long after a sample's last byte arrives its frame is published, with progressive and with
 * whole-mdat publishing, in the same run.
 *
 * <p>Per sample it records the time from the {@code decode} call that delivered the sample's
 * last byte to the publication of its frame; per fragment, the time from the call that delivered
 * the fragment's first byte ({@code moof}) to its first published frame. The pace spreads the
 * file's bytes evenly over its duration (divided by {@code --speed}).
 */
final class LatencyBench {
    static final String USAGE = "bench latency [--passthrough] [--piece BYTES] [--speed X] <file.mp4>";

    private LatencyBench() {
    }

    /**
     * Parses {@code [--passthrough] [--piece N] [--speed X] <file>} and runs the benchmark.
     *
     * @return the exit code
     */
    static int command(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean passthrough = false;
        int piece = 1500;
        double speed = 1.0;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            try {
                switch (arg) {
                    case "--passthrough" -> passthrough = true;
                    case "--piece" -> piece = Integer.parseInt(args.get(++i));
                    case "--speed" -> speed = Double.parseDouble(args.get(++i));
                    default -> {
                        if (arg.startsWith("--") || file != null) {
                            err.println("error: unexpected argument " + arg + "; usage: " + USAGE);
                            return Main.EXIT_USAGE;
                        }
                        file = Path.of(arg);
                    }
                }
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                err.println("error: " + arg + " needs a number; usage: " + USAGE);
                return Main.EXIT_USAGE;
            }
        }
        if (file == null || piece <= 0 || !(speed > 0)) {
            err.println("error: usage: " + USAGE);
            return Main.EXIT_USAGE;
        }
        run(file, piece, speed, passthrough, out);
        return Main.EXIT_OK;
    }

    /** One mode's measurements. */
    record Result(String mode, long samples, double[] sampleMicros, double[] fragmentMicros) {
        double percentile(double[] values, double p) {
            if (values.length == 0) {
                return Double.NaN;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        String json() {
            return String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"samples\":%d,\"sample_latency_us_p50\":%.1f,\"sample_latency_us_p99\":%.1f,"
                    + "\"sample_latency_us_max\":%.1f,\"fragment_first_frame_us_p50\":%.1f,"
                    + "\"fragment_first_frame_us_p99\":%.1f}",
                mode, samples, percentile(sampleMicros, 50), percentile(sampleMicros, 99),
                percentile(sampleMicros, 100), percentile(fragmentMicros, 50), percentile(fragmentMicros, 99));
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param file        the fMP4 file, loaded into memory
     * @param piece       bytes per decode call (1500: one network packet)
     * @param speed       how much faster than real time to feed (1 = real time)
     * @param passthrough which container
     * @param out         where the JSON lines go
     */
    static void run(Path file, int piece, double speed, boolean passthrough, PrintStream out) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long durationMicros = mediaDuration(bytes, passthrough);
        long[] moofOffsets = moofOffsets(bytes);
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        // Unpaced warm-up of both modes, so neither is measured on a cold JIT.
        for (int i = 0; i < 20; i++) {
            measure(bytes, moofOffsets, config.withProgressive(i % 2 == 0), piece, 0, "warm-up");
        }
        for (boolean progressive : new boolean[] {true, false}) {
            Result result = measure(bytes, moofOffsets, config.withProgressive(progressive), piece,
                (long) (durationMicros * 1000 / speed), progressive ? "progressive" : "whole-mdat");
            out.println(result.json());
        }
    }

    private static Result measure(byte[] bytes, long[] moofOffsets, Fmp4Config config, int piece, long durationNanos,
                                  String mode) {
        int pieces = (bytes.length + piece - 1) / piece;
        long[] fedAt = new long[pieces];
        List<Double> sampleLatency = new ArrayList<>();
        double[] fragmentFirst = new double[moofOffsets.length];
        Arrays.fill(fragmentFirst, Double.NaN);
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, config)) {
            importer.setSampleListener((track, ts, end) -> {
                long now = System.nanoTime();
                int lastPiece = (int) ((end - 1) / piece);
                sampleLatency.add((now - fedAt[lastPiece]) / 1000.0);
                int fragment = fragmentOf(moofOffsets, end - 1);
                if (fragment >= 0 && Double.isNaN(fragmentFirst[fragment])) {
                    fragmentFirst[fragment] = (now - fedAt[(int) (moofOffsets[fragment] / piece)]) / 1000.0;
                }
            });
            long start = System.nanoTime();
            for (int k = 0; k < pieces; k++) {
                int end = (int) Math.min((long) (k + 1) * piece, bytes.length);
                long due = start + (long) ((double) durationNanos * end / bytes.length);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                fedAt[k] = System.nanoTime();
                // The input view grows piece by piece; the importer consumes what it can.
                ByteBuf view = input.slice(0, end).readerIndex((int) importer.position());
                importer.decode(view);
            }
            importer.finish();
            long samples = importer.tracks().stream().mapToLong(TrackStats::samples).sum();
            return new Result(mode, samples, sampleLatency.stream().mapToDouble(Double::doubleValue).toArray(),
                Arrays.stream(fragmentFirst).filter(v -> !Double.isNaN(v)).toArray());
        } finally {
            input.release();
        }
    }

    private static int fragmentOf(long[] moofOffsets, long offset) {
        int index = Arrays.binarySearch(moofOffsets, offset);
        return index >= 0 ? index : -index - 2;
    }

    private static long[] moofOffsets(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        List<Long> offsets = new ArrayList<>();
        long at = 0;
        while (at < bytes.length) {
            BoxHeader header = BoxHeaderReader.read(buf, (int) at, at);
            if (header == null || header.extendsToEnd()) {
                break;
            }
            if (header.type() == FourCC.MOOF) {
                offsets.add(at);
            }
            at += header.size();
        }
        return offsets.stream().mapToLong(Long::longValue).toArray();
    }

    private static long mediaDuration(byte[] bytes, boolean passthrough) {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        ByteBuf input = Unpooled.wrappedBuffer(bytes);
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog,
                 Fmp4Config.defaults().withPassthrough(passthrough))) {
            importer.decode(input);
            importer.finish();
            long first = importer.tracks().stream().mapToLong(TrackStats::firstTimestampMicros).min().orElse(0);
            long last = importer.tracks().stream().mapToLong(TrackStats::lastTimestampMicros).max().orElse(0);
            if (last <= first) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, "the input has no samples to pace");
            }
            return last - first;
        } finally {
            input.release();
        }
    }
}
