package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Fmp4Config;
import io.github.moqmux.fmp4.Fmp4Importer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.DiscardingBroadcast;
import io.github.moqmux.net.MoqOrigin;
import io.github.moqmux.net.MoqSession;
import io.github.moqmux.net.NetworkBroadcast;
import io.github.moqmux.net.mux.MuxCloseReason;
import io.github.moqmux.net.ws.MoqClient;
import io.github.moqmux.net.ws.MoqServer;
import io.github.moqmux.net.ws.WebSocketServerConfig;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve} and {@code publish}: import a file at its real-time pace (or a pipe as bytes
 * arrive) into a {@link NetworkBroadcast} that viewers of our WebSocket server, or a relay we
 * connect to, subscribe to.
 *
 * <p>Timeline of a file: the catalog goes out at once; the file's clock starts when one session
 * has subscribed to every media track, or {@value #GRACE_MILLIS} ms after the first media
 * subscription (the peers ask for the latest group, so a clock started earlier loses frames);
 * at the end every media track finishes ({@value #END_DELAY_MILLIS} ms after its last frame),
 * and once their subscriptions have sent everything (at
 * most {@value #FLUSH_MILLIS} ms) the final, empty catalog is published, as {@code dump} writes
 * it. The process then keeps serving until interrupted.
 *
 * <p>With {@code --loop} the file never ends: when it does, it is imported again into the same
 * tracks ({@link LoopTracks}), every time shifted by the end of everything before
 * ({@link Fmp4Config#withTimeOffsetMicros}), so group sequences and timestamps continue, the
 * pacer's clock runs on and the catalog stays as the first pass left it.
 */
final class NetCommand {
    private static final Logger log = LoggerFactory.getLogger(NetCommand.class);
    /** Start the clock this long after the first media subscription even if tracks lack one. */
    static final long GRACE_MILLIS = 500;
    /** Wait at most this long for the media subscriptions to flush the tracks' ends. */
    static final long FLUSH_MILLIS = 800;
    /** A media track ends this long after its last frame, as the JS reference publisher does. */
    static final long END_DELAY_MILLIS = 1000;
    private static final long READ_AHEAD_MICROS = 10_000_000;
    private static final long READ_AHEAD_BYTES = 64L << 20;

    private NetCommand() {
    }

    /** The parsed options of both commands. */
    private static final class Options {
        String listen;
        String name;
        boolean passthrough;
        boolean loop;
        boolean verbose;
        final List<String> positional = new ArrayList<>();
    }

    /** A wrong command line, reported as usage. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static Options parse(List<String> args, boolean serve) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--passthrough" -> o.passthrough = true;
                case "--verbose", "-v" -> o.verbose = true;
                case "--loop" -> {
                    if (!serve) {
                        throw new UsageException("unknown option " + a);
                    }
                    o.loop = true;
                }
                case "--listen", "--name" -> {
                    if (!serve) {
                        throw new UsageException("unknown option " + a);
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException(a + " needs a value");
                    }
                    if (a.equals("--listen")) {
                        o.listen = args.get(++i);
                    } else {
                        o.name = args.get(++i);
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    o.positional.add(a);
                }
            }
        }
        return o;
    }

    /** {@code serve --listen HOST:PORT [--name NAME] [--passthrough] [--loop] <file|->}. */
    static int serve(List<String> args, InputStream stdin, PrintStream out, PrintStream err) throws UsageException {
        Options o = parse(args, true);
        if (o.listen == null) {
            throw new UsageException("serve needs --listen HOST:PORT");
        }
        if (o.positional.size() != 1) {
            throw new UsageException("serve takes one input");
        }
        int colon = o.listen.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(o.listen.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new UsageException("--listen takes HOST:PORT, not " + o.listen);
        }
        String host = colon > 0 ? o.listen.substring(0, colon) : "0.0.0.0";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String input = o.positional.get(0);
        if (o.loop && input.equals("-")) {
            throw new UsageException("--loop needs a file: a pipe cannot be read again");
        }
        String name = o.name != null ? o.name : defaultName(input);
        CliLogging.configure(err, o.verbose);
        NetworkBroadcast broadcast = new NetworkBroadcast();
        MoqOrigin origin = new MoqOrigin();
        MoqServer server;
        try {
            checkInput(input);
            server = MoqServer.start(WebSocketServerConfig.builder().host(host).port(port).build(), origin);
        } catch (MoqMuxException | NoSuchFileException e) {
            broadcast.close();
            return error(err, e);
        }
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
        URI url = server.url(shown);
        out.println("serving " + name + " at " + url);
        out.println("<moq-watch url=\"http://" + shown + ":" + server.port() + "/\" name=\"" + name + "\"></moq-watch>");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            broadcast.close();
        }, "moq-mux-serve-stop"));
        try {
            play(input, stdin, broadcast, o.passthrough, o.loop, null, () -> origin.publish(name, broadcast));
        } catch (MoqMuxException | NoSuchFileException e) {
            server.close();
            broadcast.close();
            return error(err, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
        // Serve until interrupted (Ctrl-C runs the shutdown hook).
        try {
            new CompletableFuture<Void>().get();
        } catch (InterruptedException | ExecutionException e) {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    /** {@code publish [--passthrough] <ws(s)://relay/path> <file|->}. */
    static int publish(List<String> args, InputStream stdin, PrintStream out, PrintStream err) throws UsageException {
        Options o = parse(args, false);
        if (o.positional.size() != 2) {
            throw new UsageException("publish takes a relay URL and an input");
        }
        URI url;
        try {
            url = URI.create(o.positional.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException("not a URL: " + o.positional.get(0));
        }
        String input = o.positional.get(1);
        String name = defaultName(input);
        CliLogging.configure(err, o.verbose);
        NetworkBroadcast broadcast = new NetworkBroadcast();
        MoqOrigin origin = new MoqOrigin();
        MoqSession session;
        try {
            checkInput(input);
            session = MoqClient.connect(url, origin).get(30, TimeUnit.SECONDS);
            session.ready().get(15, TimeUnit.SECONDS);
        } catch (NoSuchFileException | MoqMuxException e) {
            broadcast.close();
            return error(err, e);
        } catch (ExecutionException e) {
            broadcast.close();
            return error(err, e.getCause());
        } catch (TimeoutException e) {
            broadcast.close();
            err.println("error: no answer from " + url);
            return Main.EXIT_BAD_INPUT;
        } catch (InterruptedException e) {
            broadcast.close();
            return Main.EXIT_OK;
        }
        out.println("publishing " + name + " to " + url + " (" + session.version() + ")");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            session.close(0, "publisher stopped");
            broadcast.close();
        }, "moq-mux-publish-stop"));
        try {
            // A relay that ends the session ends the import too.
            play(input, stdin, broadcast, o.passthrough, false, session.closed(), () -> origin.publish(name, broadcast));
            MuxCloseReason reason = session.closed().get();
            if (reason.code() != 0) {
                err.println("error: " + describe(reason));
                return Main.EXIT_BAD_INPUT;
            }
            return Main.EXIT_OK;
        } catch (MoqMuxException | NoSuchFileException e) {
            MuxCloseReason reason = session.closed().getNow(null);
            session.close(0, "publisher failed");
            broadcast.close();
            if (reason == null) {
                return error(err, e);
            }
            if (reason.remote() && reason.code() == 0) {
                return Main.EXIT_OK; // the relay said goodbye
            }
            err.println("error: " + describe(reason));
            return Main.EXIT_BAD_INPUT;
        } catch (ExecutionException e) {
            return error(err, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
    }

    private static String describe(MuxCloseReason reason) {
        String why = reason.reason() == null || reason.reason().isEmpty() ? "" : " (" + reason.reason() + ")";
        return (reason.remote() ? "the peer closed the session with code " : "session closed with code ")
                + reason.code() + why;
    }

    private static void checkInput(String input) throws NoSuchFileException {
        if (!input.equals("-") && !Files.exists(Path.of(input))) {
            throw new NoSuchFileException(input);
        }
    }

    private static int error(PrintStream err, Throwable e) {
        if (e instanceof NoSuchFileException n) {
            err.println("error: no such file: " + n.getFile());
        } else if (e instanceof MoqMuxException m) {
            err.println("error: " + m.getMessage());
        } else {
            err.println("error: " + e);
        }
        return Main.EXIT_BAD_INPUT;
    }

    /** The broadcast name of an input: the file's base name without extension; "stdin" for -. */
    static String defaultName(String input) {
        if (input.equals("-")) {
            return "stdin";
        }
        String base = Path.of(input).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /**
     * Imports the input into {@code broadcast}: a file at its pace, a pipe as bytes arrive; then
     * ends the media tracks, waits for them to be sent, and publishes the final catalog.
     * When {@code stop} (if any) completes, the import fails at its next write. {@code announce}
     * runs once the catalog tracks exist: a peer told earlier would subscribe to tracks not yet
     * there and get "not found". With {@code loop} (a file only) the import never ends: see
     * {@link #loop}.
     */
    private static void play(String input, InputStream stdin, NetworkBroadcast broadcast, boolean passthrough,
                             boolean loop, CompletableFuture<?> stop, Runnable announce)
            throws InterruptedException, NoSuchFileException {
        boolean pipe = input.equals("-");
        Pacer pacer = pipe ? null : new Pacer(broadcast, READ_AHEAD_MICROS, READ_AHEAD_BYTES, END_DELAY_MILLIS);
        if (stop != null) {
            stop.whenComplete((v, e) -> {
                if (pacer != null) {
                    pacer.close();
                }
                broadcast.close();
            });
        }
        BroadcastProducer into = pipe ? broadcast : pacer;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "moq-mux-clock");
            t.setDaemon(true);
            return t;
        });
        NetworkBroadcast.SubscriptionListener watcher = pacer == null ? null : startRule(pacer, timer);
        if (watcher != null) {
            broadcast.addSubscriptionListener(watcher);
        }
        CatalogProducer catalog = new CatalogProducer(into);
        Fmp4Config config = Fmp4Config.defaults().withPassthrough(passthrough);
        LoopTracks loopTracks = loop ? new LoopTracks(into) : null;
        Fmp4Importer importer = new Fmp4Importer(loop ? loopTracks : into, catalog, config);
        announce.run();
        try {
            if (pipe) {
                importer.decodeFrom(stdin);
            } else {
                importer.decodeFrom(Path.of(input));
            }
            importer.finish();
            if (!importer.isInitialized()) {
                throw new MoqMuxException(MoqMuxException.Kind.MISSING_BOX, importer.position(),
                        "input ended without a moov box");
            }
            if (loop) {
                loop(Path.of(input), loopTracks, config, importer.endMicros());
            }
            List<String> media = new ArrayList<>();
            for (String t : broadcast.trackNames()) {
                if (!isCatalog(t)) {
                    media.add(t);
                }
            }
            if (pacer != null) {
                pacer.endOfInput();
                pacer.drain();
            }
            // The end must follow the data (MOQ-WIRE §11.5): the sessions send each track's end
            // after its last group; give them time before the catalog says the broadcast is over.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS);
            while (System.nanoTime() < deadline && media.stream().anyMatch(t -> broadcast.activeSubscriptions(t) > 0)) {
                Thread.sleep(20);
            }
            importer.close(); // publishes the final (empty) catalog, as dump writes it
            if (pacer != null) {
                pacer.drain();
            }
            // The catalog tracks end a while after that group, for the same reason as media.
            Thread.sleep(END_DELAY_MILLIS);
            catalog.close();
        } finally {
            if (watcher != null) {
                broadcast.removeSubscriptionListener(watcher);
            }
            timer.shutdownNow();
            if (pacer != null) {
                pacer.close();
            }
            try {
                importer.close();
                catalog.close();
            } catch (MoqMuxException e) {
                // Already failing (the pacer or broadcast was closed): the first error is reported.
            }
        }
    }

    /**
     * Imports {@code file} again and again into the first pass's tracks, each pass shifted to
     * start where everything before it ended (the end of the longest track, so audio and video
     * stay in sync). Returns only by an exception (interrupted, the pacer closed, a failing pass).
     * The catalog keeps what the first pass announced: the later passes' renditions are the same
     * file's, and announcing them again would only publish a catalog without the framerate until
     * the first fragment ended. Memory stays flat: each pass's importer is dropped after it.
     *
     * @param end where the first pass ended, in µs
     */
    private static void loop(Path file, LoopTracks tracks, Fmp4Config config, long end) throws InterruptedException {
        CatalogProducer unannounced = new CatalogProducer(new DiscardingBroadcast());
        for (long pass = 2; ; pass++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (end <= 0) {
                throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                        "--loop needs an input with samples: a pass published nothing");
            }
            log.info("--loop: pass {} starts at {} µs", pass, end);
            tracks.nextPass();
            try (Fmp4Importer again = new Fmp4Importer(tracks, unannounced, config.withTimeOffsetMicros(end))) {
                again.decodeFrom(file);
                again.finish();
                long passEnd = again.endMicros();
                if (passEnd <= end) {
                    throw new MoqMuxException(MoqMuxException.Kind.ILLEGAL_STATE,
                            "--loop needs an input with samples: a pass published nothing");
                }
                end = passEnd;
            }
        }
    }

    private static boolean isCatalog(String track) {
        return track.equals(CatalogProducer.JSON_TRACK) || track.equals(CatalogProducer.MSF_TRACK);
    }

    /**
     * The clock-start rule: start when one subscriber has every media track, or
     * {@value #GRACE_MILLIS} ms after the first media subscription.
     */
    private static NetworkBroadcast.SubscriptionListener startRule(Pacer pacer, ScheduledExecutorService timer) {
        Map<Object, Set<String>> bySubscriber = new HashMap<>();
        boolean[] graceArmed = {false};
        return (subscriber, track, started) -> {
            if (!started || isCatalog(track)) {
                return;
            }
            synchronized (bySubscriber) {
                if (!graceArmed[0]) {
                    graceArmed[0] = true;
                    timer.schedule(pacer::requestStart, GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
                Set<String> mine = bySubscriber.computeIfAbsent(subscriber, k -> new HashSet<>());
                mine.add(track);
                List<String> media = pacer.trackNames().stream().filter(t -> !isCatalog(t)).toList();
                if (mine.containsAll(media)) {
                    pacer.requestStart();
                }
            }
        };
    }
}
