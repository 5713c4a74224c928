package io.github.moqmux.fmp4;

import static io.github.moqmux.fmp4.Mp4Bytes.find;
import static io.github.moqmux.fmp4.Mp4Bytes.putU32;
import static io.github.moqmux.fmp4.Mp4Bytes.range;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.catalog.CatalogProducer;
import io.github.moqmux.fmp4.Mp4Bytes.Box;
import io.github.moqmux.lite.DiscardingBroadcast;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a 64 MiB heap by {@link LargeBoxMemoryTest} (issue 12, defect 5).
 * Imports into a {@link DiscardingBroadcast} and prints one line: {@code result=ok samples=<n>}
 * or {@code result=<KIND> offset=<n>} for a {@link MoqMuxException}, or
 * {@code result=<throwable class>} (exit code 3) for anything else, an {@link OutOfMemoryError}
 * included.
 *
 * <p>Arguments: {@code tracks <n>} imports, through {@code decodeFrom(InputStream)}, the 28-byte
 * ftyp of {@code testdata/h264_aac.mp4} and then a moov of {@code n} copies of its video trak,
 * generated while it is read (the child never holds the whole input); {@code file <path>}
 * imports a file with {@code decodeFrom(Path)}.
 */
public final class LargeBoxMemoryMain {
    private LargeBoxMemoryMain() {
    }

    /**
     * @param args {@code tracks <n>} or {@code file <path>}
     * @throws IOException if the fixture cannot be read
     */
    public static void main(String[] args) throws IOException {
        DiscardingBroadcast broadcast = new DiscardingBroadcast();
        String result;
        int exit = 0;
        try (CatalogProducer catalog = new CatalogProducer(broadcast);
             Fmp4Importer importer = new Fmp4Importer(broadcast, catalog, Fmp4Config.defaults())) {
            if (args[0].equals("tracks")) {
                importer.decodeFrom(manyTracks(Files.readAllBytes(Path.of("testdata/h264_aac.mp4")),
                    Integer.parseInt(args[1])));
            } else {
                importer.decodeFrom(Path.of(args[1]));
            }
            importer.finish();
            long samples = 0;
            for (TrackStats t : importer.tracks()) {
                samples += t.samples();
            }
            result = "result=ok samples=" + samples;
        } catch (MoqMuxException e) {
            result = "result=" + e.kind() + " offset=" + e.offset() + " message=" + e.getMessage();
        } catch (Throwable e) { // an OutOfMemoryError is the finding this program exists for
            result = "result=" + e.getClass().getName() + " message=" + e.getMessage();
            exit = 3;
        }
        System.out.println(result);
        System.exit(exit);
    }

    /** ftyp, then a moov of {@code n} video traks (track ids 1..n), produced as it is read. */
    static InputStream manyTracks(byte[] fixture, int n) {
        byte[] ftyp = range(fixture, find(fixture, "ftyp"));
        byte[] mvhd = range(fixture, find(fixture, "mvhd"));
        Box trak = find(fixture, "trak");
        byte[] trakBytes = range(fixture, trak);
        int idAt = find(fixture, "tkhd").payload() + 12 - trak.offset();
        long moovSize = 8L + mvhd.length + (long) n * trakBytes.length;
        byte[] head = new byte[ftyp.length + 8 + mvhd.length];
        System.arraycopy(ftyp, 0, head, 0, ftyp.length);
        putU32(head, ftyp.length, moovSize);
        head[ftyp.length + 4] = 'm';
        head[ftyp.length + 5] = 'o';
        head[ftyp.length + 6] = 'o';
        head[ftyp.length + 7] = 'v';
        System.arraycopy(mvhd, 0, head, ftyp.length + 8, mvhd.length);
        return new InputStream() {
            private byte[] current = head;
            private int at;
            private int nextTrack = 1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == current.length) {
                    if (nextTrack > n) {
                        return -1;
                    }
                    current = trakBytes;
                    putU32(current, idAt, nextTrack++);
                    at = 0;
                }
                int count = Math.min(len, current.length - at);
                System.arraycopy(current, at, b, off, count);
                at += count;
                return count;
            }
        };
    }
}
