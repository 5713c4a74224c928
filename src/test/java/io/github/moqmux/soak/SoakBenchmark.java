package io.github.moqmux.soak;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.testing.LeakDetectionExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Soak benchmark, not a unit test: streams synthetic media through one importer into a
 * {@link DiscardingBroadcast} as fast as the importer takes it, and reports the heap after GC,
 * the pooled buffer memory still in use and Netty leak reports at intervals of media time.
 *
 * <p>The init segment ({@code ftyp} + {@code moov}: H.264 320x240 at timescale 15360 and AAC at
 * 48 kHz) comes from {@code testdata/h264_aac.mp4}. Then, per second of media, one video fragment
 * (30 samples: an 8 000-byte keyframe and 29 × 1 500 bytes) and one audio fragment (about 47 ×
 * 200 bytes), each written with {@link BoxWriter#writeFragmentHeader} into a fresh pooled buffer
 * that is released right after {@code decode}, as a network reader would.
 *
 * <pre>
 * mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.github.moqmux.soak.SoakBenchmark \
 *     -Dexec.args="3600 legacy"
 * </pre>
 *
 * Arguments: seconds of media (default 3600) and {@code legacy} or {@code passthrough}. Exits
 * with status 1 if any buffer leaked or pooled memory is still in use at the end.
 */
public final class SoakBenchmark {
    private static final int VIDEO_TIMESCALE = 15_360;
    private static final int VIDEO_FPS = 30;
    private static final int AUDIO_RATE = 48_000;
    private static final int AUDIO_FRAME = 1024;
    private static final int REPORT_EVERY_SECONDS = 600;

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Installs the recording leak detector (PARANOID) before the first ByteBuf exists.
        LeakDetectionExtension.collectLeaks();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
        boolean passthrough = args.length > 1 && args[1].equals("passthrough");

        byte[] fixture = Files.readAllBytes(Path.of("testdata", "h264_aac.mp4"));
        byte[] init = Arrays.copyOf(fixture, 28 + 1193); // ftyp@0+28, moov@28+1193 (boxes.txt)
        byte[] media = new byte[8_000];
        new java.util.Random(1).nextBytes(media);

        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        long leaks = 0;
        long start = System.nanoTime();
        long baselineHeap = -1;
        long maxHeap = 0;
        System.out.printf(Locale.ROOT, "soak: %d s of media, %s container, leak detection %s%n", seconds,
            passthrough ? "cmaf" : "legacy", ResourceLeakDetector.getLevel());
        System.out.printf(Locale.ROOT, "%8s %10s %12s %12s %14s %8s%n", "media_s", "wall_s", "frames", "heap_MiB",
            "pooled_KiB", "leaks");
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog,
                 Fmp4Config.defaults().withPassthrough(passthrough))) {
            feed(importer, alloc, init, 0, init.length, null);
            long sequence = 1;
            long audioSample = 0;
            for (int s = 0; s < seconds; s++) {
                // video: one GOP per second
                long[] vDur = new long[VIDEO_FPS];
                long[] vSize = new long[VIDEO_FPS];
                int[] vFlags = new int[VIDEO_FPS];
                long[] vCto = new long[VIDEO_FPS];
                long vBytes = 0;
                for (int i = 0; i < VIDEO_FPS; i++) {
                    vDur[i] = VIDEO_TIMESCALE / VIDEO_FPS;
                    vSize[i] = i == 0 ? 8_000 : 1_500;
                    vFlags[i] = i == 0 ? 0x02000000 : 0x01010000;
                    vBytes += vSize[i];
                }
                fragment(importer, alloc, sequence++, 1, (long) s * VIDEO_TIMESCALE, VIDEO_FPS, vDur, vSize, vFlags,
                    vCto, vBytes, media);
                // audio: the 1024-sample frames that start within this second
                long end = (long) (s + 1) * AUDIO_RATE;
                int n = (int) ((end + AUDIO_FRAME - 1) / AUDIO_FRAME - audioSample);
                long[] aDur = new long[n];
                long[] aSize = new long[n];
                int[] aFlags = new int[n];
                Arrays.fill(aDur, AUDIO_FRAME);
                Arrays.fill(aSize, 200);
                Arrays.fill(aFlags, 0x02000000);
                fragment(importer, alloc, sequence++, 2, audioSample * AUDIO_FRAME, n, aDur, aSize, aFlags, new long[n],
                    200L * n, media);
                audioSample += n;

                if ((s + 1) % REPORT_EVERY_SECONDS == 0 || s + 1 == seconds) {
                    long heap = heapAfterGc();
                    if (baselineHeap < 0) {
                        baselineHeap = heap;
                    }
                    maxHeap = Math.max(maxHeap, heap);
                    leaks += LeakDetectionExtension.collectLeaks().size();
                    System.out.printf(Locale.ROOT, "%8d %10.1f %12d %12.1f %14.1f %8d%n", s + 1,
                        (System.nanoTime() - start) / 1e9, broadcast.totalFrames(), heap / 1048576.0,
                        alloc.metric().usedHeapMemory() / 1024.0 + alloc.metric().usedDirectMemory() / 1024.0, leaks);
                }
            }
            importer.finish();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        leaks += LeakDetectionExtension.collectLeaks().size();
        System.out.printf(Locale.ROOT, "done: %d s of media in %.1f s (%.0fx real time), %d frames, %.1f MiB of "
                + "samples; heap after GC first %.1f MiB, max %.1f MiB; leak reports %d%n", seconds, wall,
            seconds / wall, broadcast.totalFrames(), broadcast.totalBytes() / 1048576.0, baselineHeap / 1048576.0,
            maxHeap / 1048576.0, leaks);
        System.exit(leaks == 0 ? 0 : 1);
    }

    private static void fragment(Fmp4Importer importer, PooledByteBufAllocator alloc, long sequence, long trackId,
                                 long decodeTime, int count, long[] durations, long[] sizes, int[] flags, long[] ctos,
                                 long payload, byte[] media) {
        ByteBuf buf = alloc.heapBuffer(BoxWriter.fragmentHeaderSize(count, payload) + (int) payload);
        BoxWriter.writeFragmentHeader(buf, sequence, trackId, decodeTime, count, durations, sizes, flags, ctos,
            payload);
        for (int i = 0; i < count; i++) {
            buf.writeBytes(media, 0, (int) sizes[i]);
        }
        feed(importer, alloc, null, 0, 0, buf);
    }

    private static void feed(Fmp4Importer importer, PooledByteBufAllocator alloc, byte[] bytes, int from, int to,
                             ByteBuf prepared) {
        ByteBuf buf = prepared != null ? prepared : alloc.heapBuffer(to - from).writeBytes(bytes, from, to - from);
        try {
            importer.decode(buf);
            if (buf.isReadable()) {
                throw new IllegalStateException(buf.readableBytes() + " bytes not consumed");
            }
        } finally {
            buf.release();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
