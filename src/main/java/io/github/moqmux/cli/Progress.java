package io.github.moqmux.cli;

import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * The progress line on stderr for long inputs: bytes read, read rate, media tracks and groups,
 * redrawn in place with {@code \r} at most {@link #REDRAW_NANOS every 250 ms}, only once the
 * import has run for {@link #DELAY_NANOS a second} (short inputs never show it), and erased when
 * the import ends so the results start on a clean line.
 */
final class Progress {
    static final long DELAY_NANOS = 1_000_000_000L;
    static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream err;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private long bytes;
    private long tracks;
    private long groups;
    /** Length of the line on screen, 0 when none is shown. */
    private int shown;

    Progress(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start - REDRAW_NANOS;
    }

    /** Counts bytes read and redraws if it is time. */
    void read(long n) {
        bytes += n;
        tick();
    }

    void trackCreated() {
        tracks++;
    }

    void groupAppended() {
        groups++;
    }

    private void tick() {
        long now = clock.getAsLong();
        if (now - start < DELAY_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = Human.size(bytes) + " read, " + Human.rate(bytes, now - start) + ", " + tracks
            + (tracks == 1 ? " track, " : " tracks, ") + groups + (groups == 1 ? " group" : " groups");
        synchronized (CliLogging.class) {
            StringBuilder out = new StringBuilder("\r").append(line);
            // Overwrite what is left of a longer previous line.
            out.append(" ".repeat(Math.max(0, shown - line.length())));
            err.print(out);
            err.flush();
            shown = line.length();
        }
    }

    /** Erases the line, if one is shown; the next redraw brings it back. */
    void erase() {
        synchronized (CliLogging.class) {
            if (shown > 0) {
                err.print("\r" + " ".repeat(shown) + "\r");
                err.flush();
                shown = 0;
            }
        }
    }

    /** Counts the bytes read through {@code in}. */
    InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    Progress.this.read(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    Progress.this.read(n);
                }
                return n;
            }
        };
    }

    /** Counts the media tracks (not the catalog tracks) and groups created through {@code broadcast}. */
    BroadcastProducer count(BroadcastProducer broadcast) {
        return new BroadcastProducer() {
            @Override
            public TrackProducer createTrack(Track track) {
                TrackProducer producer = broadcast.createTrack(track);
                if (track.name().equals(CatalogProducer.JSON_TRACK) || track.name().equals(CatalogProducer.MSF_TRACK)) {
                    return producer;
                }
                trackCreated();
                return new TrackProducer() {
                    @Override
                    public Track info() {
                        return producer.info();
                    }

                    @Override
                    public GroupProducer appendGroup() {
                        GroupProducer group = producer.appendGroup();
                        groupAppended();
                        return group;
                    }

                    @Override
                    public void finish() {
                        producer.finish();
                    }

                    @Override
                    public void abort(Throwable cause) {
                        producer.abort(cause);
                    }
                };
            }

            @Override
            public boolean hasTrack(String name) {
                return broadcast.hasTrack(name);
            }
        };
    }
}
