package io.github.moqmux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.container.LegacyFrame;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.MemoryBroadcast;
import io.github.moqmux.lite.Track;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.MoqSessionConfig;
import io.github.moqmux.net.MoqSubscription;
import io.github.moqmux.net.ws.MoqClient;
import io.github.moqmux.net.ws.WebSocketServer;
import io.github.moqmux.net.ws.WebSocketServerConfig;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code serve} and {@code publish} as real processes, read back with the library's own subscriber. */
class NetCommandProcessTest {
    private static final long T = 30;
    private static final List<String> MEDIA = List.of("0.hang", "1.hang");

    /** A started CLI process; its stderr is collected as it comes (destroy() closes the pipes). */
    private record Cli(Process process, CompletableFuture<String> stderr) {
    }

    private static Cli start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                p.getErrorStream().transferTo(b);
            } catch (IOException closed) {
                // destroy() closed the pipe: what was read so far is the answer
            }
            err.complete(b.toString(StandardCharsets.UTF_8));
        });
        reader.setDaemon(true);
        reader.start();
        return new Cli(p, err);
    }

    private static MemoryBroadcast expected(boolean passthrough) throws Exception {
        MemoryBroadcast b = new MemoryBroadcast();
        try (CatalogProducer c = new CatalogProducer(b);
             Fmp4Importer i = new Fmp4Importer(b, c, Fmp4Config.defaults().withPassthrough(passthrough))) {
            i.decodeFrom(Path.of("testdata/h264_aac.mp4"));
            i.finish();
        }
        return b;
    }


    @Test
    void serveSendsDumpsFramesOnceAViewerSubscribedAndStopsOnSigterm() throws Exception {
        Cli cli = start("serve", "--listen", "127.0.0.1:0", "testdata/h264_aac.mp4");
        Process p = cli.process();
        try (MemoryBroadcast want = expected(false); MemoryBroadcast got = new MemoryBroadcast()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            String snippet = out.readLine();
            Matcher m = Pattern.compile("serving h264_aac at (ws://127\\.0\\.0\\.1:(\\d+)/)").matcher(String.valueOf(first));
            assertThat(m.matches()).as(first).isTrue();
            assertThat(snippet).isEqualTo("<moq-watch url=\"http://127.0.0.1:" + m.group(2) + "/\" name=\"h264_aac\"></moq-watch>");
            MoqSession s = MoqClient.connect(URI.create(m.group(1)), new MoqOrigin()).get(T, TimeUnit.SECONDS);
            List<MoqSubscription> subs = new ArrayList<>();
            for (String track : MEDIA) {
                // Latest group, as the players ask: the clock waits for this subscription.
                MoqSubscription sub = null;
                for (int tries = 0; sub == null; tries++) {
                    MoqSubscription attempt = s.subscribe("h264_aac", track, got.createTrack(new Track(track + "#" + tries, 0)), -1);
                    try {
                        attempt.started().get(T, TimeUnit.SECONDS);
                        sub = attempt;
                    } catch (java.util.concurrent.ExecutionException notYet) {
                        assertThat(tries).as("%s never appeared", track).isLessThan(100);
                        Thread.sleep(50);
                    }
                }
                subs.add(sub);
            }
            for (int i = 0; i < MEDIA.size(); i++) {
                subs.get(i).done().get(T, TimeUnit.SECONDS);
                List<List<byte[]>> w = want.frames(MEDIA.get(i));
                String prefix = MEDIA.get(i) + "#";
                String name = got.trackNames().stream().filter(n -> n.startsWith(prefix))
                        .reduce((a, b) -> b).orElseThrow();
                List<List<byte[]>> g = got.frames(name);
                assertEquals(w.size(), g.size(), MEDIA.get(i) + " groups");
                for (int k = 0; k < w.size(); k++) {
                    assertEquals(w.get(k).size(), g.get(k).size(), MEDIA.get(i) + " group " + k);
                    for (int f = 0; f < w.get(k).size(); f++) {
                        assertArrayEquals(w.get(k).get(f), g.get(k).get(f));
                    }
                }
            }
            s.close(0, "done");
            assertThat(p.isAlive()).as("keeps serving after the input ended").isTrue();
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook closes the server
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isIn(0, 130, 143);
            assertThat(cli.stderr().get(T, TimeUnit.SECONDS)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void publishAnnouncesToTheRelayAndSendsEveryFrame() throws Exception {
        BlockingQueue<MoqSession> sessions = new LinkedBlockingQueue<>();
        MoqOrigin none = new MoqOrigin();
        try (MemoryBroadcast want = expected(true); MemoryBroadcast got = new MemoryBroadcast();
             WebSocketServer relay = WebSocketServer.start(WebSocketServerConfig.builder().host("127.0.0.1").port(0).build(),
                     conn -> sessions.add(MoqSession.start(conn, none, MoqSessionConfig.defaults())))) {
            Process p = start("publish", "--passthrough", "ws://127.0.0.1:" + relay.port() + "/", "testdata/h264_aac.mp4").process();
            try {
                MoqSession s = sessions.poll(T, TimeUnit.SECONDS);
                assertThat(s).isNotNull();
                BlockingQueue<String> announced = new LinkedBlockingQueue<>();
                s.announced("", (path, active) -> {
                    if (active) {
                        announced.add(path);
                    }
                });
                assertThat(announced.poll(T, TimeUnit.SECONDS)).isEqualTo("h264_aac");
                List<String> tracks = List.of("0.m4s", "1.m4s");
                List<MoqSubscription> subs = new ArrayList<>();
                for (String track : tracks) {
                    MoqSubscription sub = null;
                    for (int tries = 0; sub == null; tries++) {
                        MoqSubscription attempt = s.subscribe("h264_aac", track, got.createTrack(new Track(track + "#" + tries, 0)), -1);
                        try {
                            attempt.started().get(T, TimeUnit.SECONDS);
                            sub = attempt;
                        } catch (java.util.concurrent.ExecutionException notYet) {
                            assertThat(tries).isLessThan(100);
                            Thread.sleep(50);
                        }
                    }
                    subs.add(sub);
                }
                for (int i = 0; i < tracks.size(); i++) {
                    subs.get(i).done().get(T, TimeUnit.SECONDS);
                    String prefix = tracks.get(i) + "#";
                    String name = got.trackNames().stream().filter(n -> n.startsWith(prefix)).reduce((a, b) -> b).orElseThrow();
                    List<List<byte[]>> w = want.frames(tracks.get(i));
                    List<List<byte[]>> g = got.frames(name);
                    assertEquals(w.size(), g.size(), tracks.get(i) + " groups");
                    for (int k = 0; k < w.size(); k++) {
                        assertEquals(w.get(k).size(), g.get(k).size());
                        for (int f = 0; f < w.get(k).size(); f++) {
                            assertArrayEquals(w.get(k).get(f), g.get(k).get(f));
                        }
                    }
                }
                // The relay ends the session: the publisher exits cleanly.
                s.close(0, "relay done");
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void serveLoopPlaysTheFileAgainWithContinuousGroupsAndTimestamps() throws Exception {
        long end;
        try (MemoryBroadcast b = new MemoryBroadcast();
             CatalogProducer c = new CatalogProducer(b);
             Fmp4Importer i = new Fmp4Importer(b, c, Fmp4Config.defaults())) {
            i.decodeFrom(Path.of("testdata/h264_aac.mp4"));
            i.finish();
            end = i.endMicros(); // where pass 1 ends: pass k is shifted by k times this
        }
        Cli cli = start("serve", "--listen", "127.0.0.1:0", "--loop", "testdata/h264_aac.mp4");
        Process p = cli.process();
        try (MemoryBroadcast want = expected(false); MemoryBroadcast got = new MemoryBroadcast()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("serving h264_aac at (ws://127\\.0\\.0\\.1:(\\d+)/)").matcher(String.valueOf(out.readLine()));
            assertThat(m.matches()).isTrue();
            MoqSession s = MoqClient.connect(URI.create(m.group(1)), new MoqOrigin()).get(T, TimeUnit.SECONDS);
            List<MoqSubscription> subs = new ArrayList<>();
            for (String track : MEDIA) {
                MoqSubscription sub = null;
                for (int tries = 0; sub == null; tries++) {
                    MoqSubscription attempt = s.subscribe("h264_aac", track, got.createTrack(new Track(track + "#" + tries, 0)), -1);
                    try {
                        attempt.started().get(T, TimeUnit.SECONDS);
                        sub = attempt;
                    } catch (java.util.concurrent.ExecutionException notYet) {
                        assertThat(tries).as("%s never appeared", track).isLessThan(100);
                        Thread.sleep(50);
                    }
                }
                subs.add(sub);
            }
            for (int i = 0; i < MEDIA.size(); i++) {
                List<List<byte[]>> w = want.frames(MEDIA.get(i));
                String prefix = MEDIA.get(i) + "#";
                String name = got.trackNames().stream().filter(n -> n.startsWith(prefix))
                        .reduce((a, b) -> b).orElseThrow();
                int perPass = w.size();
                // Two passes and two groups of the third: the groups of pass 2 are complete then.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(T);
                while (got.frames(name).size() < 2 * perPass + 2) {
                    assertThat(System.nanoTime() - deadline).as("%s: %d groups", name, got.frames(name).size()).isNegative();
                    Thread.sleep(50);
                }
                assertThat(subs.get(i).done()).isNotDone(); // the track runs on
                assertThat(subs.get(i).firstSequence()).isZero();
                List<List<byte[]>> g = got.frames(name);
                // A repeated sequence would be ignored by the subscriber, a gap filled with an
                // aborted group: group k of the wire is group k mod n of the file, pass k / n.
                long previous = -1;
                for (int k = 0; k < 2 * perPass; k++) {
                    List<byte[]> expectedGroup = w.get(k % perPass);
                    long shift = (k / perPass) * end;
                    assertEquals(expectedGroup.size(), g.get(k).size(), name + " group " + k);
                    for (int f = 0; f < expectedGroup.size(); f++) {
                        try (LegacyFrame a = LegacyFrame.decode(Unpooled.wrappedBuffer(expectedGroup.get(f)));
                             LegacyFrame b = LegacyFrame.decode(Unpooled.wrappedBuffer(g.get(k).get(f)))) {
                            assertThat(b.timestampMicros()).isEqualTo(a.timestampMicros() + shift);
                            assertThat(b.payload()).isEqualTo(a.payload());
                            if (f == 0) {
                                assertThat(b.timestampMicros()).as("%s group %d starts later", name, k).isGreaterThan(previous);
                                previous = b.timestampMicros();
                            }
                        }
                    }
                }
            }
            s.close(0, "done");
            assertThat(p.isAlive()).as("keeps looping").isTrue();
            p.destroy();
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.stderr().get(T, TimeUnit.SECONDS)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void serveLoopRefusesAPipe() throws Exception {
        Cli cli = start("serve", "--listen", "127.0.0.1:0", "--loop", "-");
        Process p = cli.process();
        assertThat(p.waitFor(T, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.EXIT_USAGE);
        assertThat(cli.stderr().get(T, TimeUnit.SECONDS)).contains("--loop needs a file");
    }

    @Test
    void publishToNothingIsOneErrorLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli cli = start("publish", "ws://127.0.0.1:" + port + "/", "testdata/h264_aac.mp4");
        Process p = cli.process();
        String err = cli.stderr().get(T, TimeUnit.SECONDS);
        assertThat(p.waitFor(T, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err.lines().toList()).containsExactly(
                "error: cannot connect to ws://127.0.0.1:" + port + "/: connection refused");
    }
}
