package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.moqmux.fixtures.Fixture;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, defect 5: boxes far below the 64 MiB box limit ran out of memory under
 * {@code -Xmx64m}, because buffering a box briefly needed twice its size and the track limit
 * fired only after the whole moov was buffered. Each case runs {@link LargeBoxMemoryMain} in a
 * child JVM with a 64 MiB heap over an input generated at test time (nothing large is
 * committed). Expected: the import either completes or fails with {@code LIMIT_EXCEEDED} at the
 * moov — never an {@link OutOfMemoryError}. Nothing is timed.
 */
class LargeBoxMemoryTest {
    /** Like the ffmpeg file: 1.0 GB of samples described by a 37.6 MB moov at the end. */
    static final int SAMPLES = 1_880_000;
    static final int SAMPLE_SIZE = 571;
    static final int KEYFRAME_INTERVAL = 30;

    static String runChild(String... args) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
            // PARANOID would record every access of 1.88 million sample slices; SIMPLE still
            // reports a leak of any sampled buffer, and the small cases run PARANOID in-process.
            "-Dio.netty.leakDetection.level=simple", "-Dslf4j.internal.verbosity=ERROR",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), LargeBoxMemoryMain.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(output).doesNotContain("LEAK");
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(child.exitValue()).as(output).isZero();
        return last;
    }

    @Test
    void aMoovOf100000TracksFailsAtTheTrackLimitWithinA64MiBHeap() throws Exception {
        // 100 000 copies of h264_aac's video trak: a ~50 MB moov, under the 64 MiB box limit; the
        // 65th trak exceeds the 64-track limit, reported at the moov (as ImporterLimitsTest does)
        String result = runChild("tracks", "100000");
        assertThat(result).startsWith("result=LIMIT_EXCEEDED offset=" + find(HostileImportTest.H264_AAC, "moov").offset() + " ");
    }

    @Test
    void aRegularMp4Of1GbWithA38MbMoovAtTheEndImportsWithinA64MiBHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("regular.mp4");
        long moovSize = writeRegularMp4(file);
        assertThat(moovSize).isBetween(37_000_000L, 39_000_000L);
        assertThat(Files.size(file)).isGreaterThan(1_000_000_000L);
        assertThat(runChild("file", file.toString())).isEqualTo("result=ok samples=" + SAMPLES);
    }

    /**
     * Writes ftyp, a 64-bit mdat of {@link #SAMPLES} zero-filled samples (a sparse region: the
     * bytes are never written) and then a moov whose one video track (the sample entry and track
     * header of {@code h264_aac_faststart.mp4}) has per-sample tables: stsz, ctts and co64 (one
     * chunk per sample), stss every {@link #KEYFRAME_INTERVAL} samples.
     *
     * @return the size of the moov
     */
    static long writeRegularMp4(Path file) throws IOException {
        byte[] template = Files.readAllBytes(Fixture.TESTDATA.resolve("h264_aac_faststart.mp4"));
        byte[] ftyp = range(template, find(template, "ftyp"));
        byte[] mvhd = range(template, find(template, "mvhd"));
        byte[] tkhd = range(template, find(template, "tkhd"));
        byte[] mdhd = range(template, find(template, "mdhd"));
        byte[] hdlr = range(template, find(template, "hdlr"));
        byte[] vmhd = range(template, find(template, "vmhd"));
        byte[] dinf = range(template, find(template, "dinf"));
        byte[] stsd = range(template, find(template, "stsd"));
        long mdatPayload = ftyp.length + 16L;
        long mdatSize = 16L + (long) SAMPLES * SAMPLE_SIZE;
        int keyframes = (SAMPLES + KEYFRAME_INTERVAL - 1) / KEYFRAME_INTERVAL;
        long stts = 16 + 8;
        long ctts = 16 + 8L * SAMPLES;
        long stsc = 16 + 12;
        long stsz = 20 + 4L * SAMPLES;
        long co64 = 16 + 8L * SAMPLES;
        long stss = 16 + 4L * keyframes;
        long stbl = 8 + stsd.length + stts + ctts + stsc + stsz + co64 + stss;
        long minf = 8 + vmhd.length + dinf.length + stbl;
        long mdia = 8 + mdhd.length + hdlr.length + minf;
        long trak = 8 + tkhd.length + mdia;
        long moov = 8 + mvhd.length + trak;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DataOutputStream head = new DataOutputStream(Channels.newOutputStream(channel));
            head.write(ftyp);
            head.writeInt(1);
            head.writeBytes("mdat");
            head.writeLong(mdatSize);
            head.flush();
            channel.position(mdatPayload + (long) SAMPLES * SAMPLE_SIZE); // the gap stays a hole
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
            header(out, moov, "moov");
            out.write(mvhd);
            header(out, trak, "trak");
            out.write(tkhd);
            header(out, mdia, "mdia");
            out.write(mdhd);
            out.write(hdlr);
            header(out, minf, "minf");
            out.write(vmhd);
            out.write(dinf);
            header(out, stbl, "stbl");
            out.write(stsd);
            header(out, stts, "stts");
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(SAMPLES);
            out.writeInt(512);
            header(out, ctts, "ctts");
            out.writeInt(0);
            out.writeInt(SAMPLES);
            for (int i = 0; i < SAMPLES; i++) {
                out.writeInt(1);
                out.writeInt(i % 2 == 0 ? 1024 : 0); // no run-length compression possible
            }
            header(out, stsc, "stsc");
            out.writeInt(0);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(1);
            header(out, stsz, "stsz");
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(SAMPLES);
            for (int i = 0; i < SAMPLES; i++) {
                out.writeInt(SAMPLE_SIZE);
            }
            header(out, co64, "co64");
            out.writeInt(0);
            out.writeInt(SAMPLES);
            for (int i = 0; i < SAMPLES; i++) {
                out.writeLong(mdatPayload + (long) i * SAMPLE_SIZE);
            }
            header(out, stss, "stss");
            out.writeInt(0);
            out.writeInt(keyframes);
            for (int i = 0; i < keyframes; i++) {
                out.writeInt(1 + i * KEYFRAME_INTERVAL);
            }
            out.flush();
            if (channel.size() != mdatPayload + (long) SAMPLES * SAMPLE_SIZE + moov) {
                throw new IllegalStateException("box sizes do not add up: " + channel.size());
            }
        }
        return moov;
    }

    private static void header(DataOutputStream out, long size, String type) throws IOException {
        out.writeInt((int) size);
        out.writeBytes(type);
    }
}
