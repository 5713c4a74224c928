package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code bench serve [--subscribers 1,10,100,500] [--seconds N] [--warmup S] [--passthrough] <file>}:
 * publishes the file's frames at its real-time pace to {@code n} loopback WebSocket subscribers,
 * once through the library ({@link MoqFanout}: {@code WebSocketServer} + {@code MoqSession} +
 * {@code NetworkBroadcast}, subscribers on {@code qmux-00.moq-lite-05}) and once through a raw
 * Netty WebSocket fan-out of the same bytes ({@link RawFanout}), for each {@code n}, in one run.
 *
 * <p>Everything runs in this process: the subscribers' CPU is in the process figure for both
 * fan-outs alike, and the server's own CPU is measured apart as the CPU time of its threads
 * (I/O threads, session timer, publishing thread). First one unreported round of both fan-outs
 * (at most 10 subscribers) warms the JIT. Per run: {@code S} seconds of warm-up that are
 * published but not measured, then {@code N} measured seconds, then up to
 * {@link #DRAIN_MILLIS} for the last frames to arrive. The file is looped (timestamps keep
 * increasing) when the run is longer than the file.
 *
 * <p>Output: one JSON line per {@code n} with both fan-outs' figures, then a human table.
 */
final class ServeBench {
    static final String USAGE =
        "bench serve [--subscribers 1,10,100,500] [--seconds N] [--warmup S] [--passthrough] <file>";
    /** The publishing thread's name; its CPU counts as the server's in both fan-outs. */
    static final String PUBLISHER_THREAD = "fanout-publisher";
    /** How long after the window's end the last frames may take to arrive. */
    static final long DRAIN_MILLIS = 3000;
    /** A frame later than this (publish → whole frame received) means real time was not held. */
    static final long REALTIME_LAG_MILLIS = 1000;

    private ServeBench() {
    }

    /**
     * Parses the arguments after {@code bench serve} and runs the benchmark.
     *
     * @return the exit code
     */
    static int command(List<String> args, PrintStream out, PrintStream err) {
        int[] counts = {1, 10, 100, 500};
        double seconds = 20;
        double warmup = 3;
        boolean passthrough = false;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            try {
                switch (arg) {
                    case "--passthrough" -> passthrough = true;
                    case "--subscribers" -> counts = Arrays.stream(args.get(++i).split(","))
                        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                    case "--seconds" -> seconds = Double.parseDouble(args.get(++i));
                    case "--warmup" -> warmup = Double.parseDouble(args.get(++i));
                    default -> {
                        if (arg.startsWith("--") || file != null) {
                            return usage(err, "unexpected argument " + arg);
                        }
                        file = Path.of(arg);
                    }
                }
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                return usage(err, arg + " needs a value");
            }
        }
        if (file == null) {
            return usage(err, "bench serve takes one file");
        }
        if (!(seconds > 0) || !(warmup >= 0) || counts.length == 0 || Arrays.stream(counts).anyMatch(n -> n < 1)) {
            return usage(err, "--seconds must be positive, --warmup not negative, --subscribers at least 1");
        }
        FanoutSchedule schedule;
        try {
            schedule = load(file, passthrough);
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e);
            return Main.EXIT_BAD_INPUT;
        } catch (MoqMuxException e) {
            err.println("error: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        try (schedule) {
            Supplier<Fanout> library = () -> new MoqFanout(schedule);
            Supplier<Fanout> baseline = () -> {
                try {
                    return new RawFanout();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
            // One unreported round of both, so that the first row is not measured on a cold JIT
            // (the per-run warm-up alone is too short for the compiler at one subscriber).
            int jitSubscribers = Math.min(10, Arrays.stream(counts).max().orElse(1));
            double jitSeconds = Math.min(2, seconds);
            measure(library, schedule, jitSubscribers, warmup, jitSeconds);
            measure(baseline, schedule, jitSubscribers, warmup, jitSeconds);
            List<Row> rows = new ArrayList<>();
            for (int n : counts) {
                Run moq = measure(library, schedule, n, warmup, seconds);
                Run raw = measure(baseline, schedule, n, warmup, seconds);
                Row row = new Row(file.getFileName().toString(), passthrough ? "cmaf" : "legacy", n, moq, raw);
                rows.add(row);
                out.println(row.json());
                out.flush();
            }
            out.println();
            printTable(rows, out);
            return Main.EXIT_OK;
        } catch (Exception e) {
            err.println("error: " + e);
            return Main.EXIT_BAD_INPUT;
        }
    }

    /**
     * Reads and records the file; the file's bytes are unreachable once this returns, so the
     * heap figures do not carry them (the schedule's frames are direct buffers, off the heap).
     */
    private static FanoutSchedule load(Path file, boolean passthrough) throws IOException {
        ByteBuf input = Unpooled.wrappedBuffer(Files.readAllBytes(file));
        try {
            return FanoutSchedule.record(input, passthrough);
        } finally {
            input.release();
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem + "; usage: " + USAGE);
        return Main.EXIT_USAGE;
    }

    /** One fan-out's measurements for {@code n} subscribers. */
    record Run(String name, int subscribers, long frames, long bytes, double mediaSeconds, double seconds,
               long[] framesPerSubscriber,
               long deliveredBytes, long[] latencyNanos, long processCpuNanos, long serverCpuNanos,
               long clientCpuNanos, long heapAfterGc) {
        /** @return subscribers that got every frame of the window */
        int complete() {
            return (int) Arrays.stream(framesPerSubscriber).filter(f -> f == frames).count();
        }

        boolean realtime() {
            return complete() == subscribers && latencyMillis(100) <= REALTIME_LAG_MILLIS;
        }

        double latencyMillis(double p) {
            return FanoutProbe.percentile(latencyNanos, p) / 1e6;
        }

        /** @return frame bits delivered per second of the window's media time */
        double mbps() {
            return deliveredBytes * 8 / mediaSeconds / 1e6;
        }

        long deliveredFrames() {
            return Arrays.stream(framesPerSubscriber).sum();
        }

        /** @return CPU microseconds per frame delivered to one subscriber */
        double microsPerFrame(long cpuNanos) {
            long frames = deliveredFrames();
            return frames == 0 ? Double.NaN : cpuNanos / 1e3 / frames;
        }

        String json() {
            return String.format(Locale.ROOT,
                "{\"mbps_total\":%.2f,\"mbps_per_subscriber\":%.3f,\"realtime\":%b,\"complete_subscribers\":%d,"
                    + "\"frames_delivered\":%d,\"latency_ms_p50\":%.3f,\"latency_ms_p99\":%.3f,\"latency_ms_max\":%.3f,"
                    + "\"cpu_process_cores\":%.3f,\"cpu_server_cores\":%.3f,\"cpu_client_cores\":%.3f,"
                    + "\"heap_mb_after_gc\":%.1f,\"server_us_per_frame\":%.3f,\"process_us_per_frame\":%.3f}",
                mbps(), mbps() / subscribers, realtime(), complete(), deliveredFrames(),
                latencyMillis(50), latencyMillis(99), latencyMillis(100),
                processCpuNanos / 1e9 / seconds, serverCpuNanos / 1e9 / seconds, clientCpuNanos / 1e9 / seconds,
                heapAfterGc / 1048576.0, microsPerFrame(serverCpuNanos), microsPerFrame(processCpuNanos));
        }
    }

    /** Both fan-outs for one subscriber count. */
    record Row(String file, String container, int subscribers, Run moq, Run raw) {
        double serverRatio() {
            return moq.microsPerFrame(moq.serverCpuNanos()) / raw.microsPerFrame(raw.serverCpuNanos());
        }

        double processRatio() {
            return moq.microsPerFrame(moq.processCpuNanos()) / raw.microsPerFrame(raw.processCpuNanos());
        }

        String json() {
            return String.format(Locale.ROOT,
                "{\"file\":\"%s\",\"container\":\"%s\",\"subscribers\":%d,\"seconds\":%.1f,\"frames\":%d,"
                    + "\"stream_mbps\":%.3f,\"moq\":%s,\"raw\":%s,\"cost_ratio_server\":%.2f,\"cost_ratio_process\":%.2f}",
                file.replace("\\", "\\\\").replace("\"", "\\\""), container, subscribers, moq.mediaSeconds(),
                moq.frames(), moq.bytes() * 8 / moq.mediaSeconds() / 1e6, moq.json(), raw.json(), serverRatio(),
                processRatio());
        }
    }

    /** Runs one fan-out for {@code n} subscribers and measures it. */
    static Run measure(Supplier<Fanout> make, FanoutSchedule schedule, int n, double warmupSeconds, double seconds)
        throws Exception {
        long from = schedule.indexAt((long) (warmupSeconds * 1e6));
        long to = schedule.indexAt((long) ((warmupSeconds + seconds) * 1e6));
        if (to <= from) {
            throw new IllegalArgumentException("the measured window holds no frame");
        }
        long windowBytes = 0;
        for (long i = from; i < to; i++) {
            windowBytes += schedule.event(i).bytes().readableBytes();
        }
        FanoutProbe probe = new FanoutProbe(from, to);
        try (Fanout fanout = make.get()) {
            fanout.connect(n, probe);
            CpuSample[] window = new CpuSample[2];
            Throwable[] failure = new Throwable[1];
            Thread publisher = new Thread(() -> {
                try {
                    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
                    for (long i = 0; i < to; i++) {
                        long due = start + schedule.offsetMicros(i) * 1000;
                        waitUntil(due);
                        if (i == from) {
                            window[0] = CpuSample.take(fanout);
                        }
                        probe.published(i, System.nanoTime());
                        fanout.publish(i, schedule.event(i));
                    }
                    waitUntil(start + schedule.offsetMicros(to) * 1000);
                    window[1] = CpuSample.take(fanout);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, PUBLISHER_THREAD);
            publisher.start();
            publisher.join();
            if (failure[0] != null) {
                throw new IllegalStateException("publishing failed: " + failure[0], failure[0]);
            }
            long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            while (System.nanoTime() < drainUntil
                && fanout.subscribers().stream().anyMatch(s -> s.framesSeen() < to)) {
                Thread.sleep(5);
            }
            // Heap with every subscriber still connected and the retention window still held.
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            fanout.endOfStream();
            List<FanoutProbe.Subscriber> subs = fanout.subscribers();
            long[] perSubscriber = new long[subs.size()];
            long delivered = 0;
            int total = 0;
            for (int i = 0; i < subs.size(); i++) {
                perSubscriber[i] = subs.get(i).frames();
                delivered += subs.get(i).bytes();
                total += subs.get(i).frames();
            }
            long[] latencies = new long[total];
            int at = 0;
            for (FanoutProbe.Subscriber s : subs) {
                long[] l = s.latencies();
                System.arraycopy(l, 0, latencies, at, l.length);
                at += l.length;
            }
            Arrays.sort(latencies);
            double wall = (window[1].wallNanos - window[0].wallNanos) / 1e9;
            double media = (schedule.offsetMicros(to) - schedule.offsetMicros(from)) / 1e6;
            return new Run(fanout.name(), n, to - from, windowBytes, media, wall, perSubscriber, delivered, latencies,
                window[1].process - window[0].process, window[1].server - window[0].server,
                window[1].client - window[0].client, heap);
        }
    }

    private static void waitUntil(long due) {
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** CPU time so far: the process's, and that of the server's and the clients' threads. */
    record CpuSample(long wallNanos, long process, long server, long client) {
        static CpuSample take(Fanout fanout) {
            long wall = System.nanoTime();
            long process = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                process = os.getProcessCpuTime();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long server = 0;
            long client = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String name = t.getName();
                boolean isServer = fanout.serverThreads().stream().anyMatch(name::startsWith);
                boolean isClient = fanout.clientThreads().stream().anyMatch(name::startsWith);
                if (isServer || isClient) {
                    long cpu = Math.max(0, threads.getThreadCpuTime(t.getId()));
                    if (isServer) {
                        server += cpu;
                    } else {
                        client += cpu;
                    }
                }
            }
            return new CpuSample(wall, process, server, client);
        }
    }

    private static void printTable(List<Row> rows, PrintStream out) {
        out.println(String.format(Locale.ROOT, "%6s %-4s %10s %9s %9s %8s %8s %8s %7s %7s %8s %9s %6s",
            "subs", "fan", "Mbit/s", "per sub", "realtime", "p50 ms", "p99 ms", "max ms", "cpu", "server",
            "heap MB", "µs/frame", "ratio"));
        for (Row row : rows) {
            for (Run r : List.of(row.moq(), row.raw())) {
                out.println(String.format(Locale.ROOT, "%6d %-4s %10.1f %9.3f %9s %8.2f %8.2f %8.1f %7.2f %7.2f %8.1f %9.2f %6s",
                    r.subscribers(), r.name(), r.mbps(), r.mbps() / r.subscribers(),
                    r.realtime() ? "yes" : "NO " + r.complete() + "/" + r.subscribers(),
                    r.latencyMillis(50), r.latencyMillis(99), r.latencyMillis(100),
                    r.processCpuNanos() / 1e9 / r.seconds(), r.serverCpuNanos() / 1e9 / r.seconds(),
                    r.heapAfterGc() / 1048576.0, r.microsPerFrame(r.serverCpuNanos()),
                    r == row.moq() ? String.format(Locale.ROOT, "%.2f", row.serverRatio()) : ""));
            }
        }
        out.println("cpu/server: cores busy (process / server threads); µs/frame: server CPU per frame delivered"
            + " to one subscriber; ratio: moq µs/frame ÷ raw µs/frame");
    }
}
