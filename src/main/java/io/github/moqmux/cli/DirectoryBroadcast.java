package io.github.moqmux.cli;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.lite.AbstractFrameProducer;
import io.github.moqmux.lite.AbstractGroupProducer;
import io.github.moqmux.lite.AbstractTrackProducer;
import io.github.moqmux.lite.BroadcastProducer;
import io.github.moqmux.lite.FrameProducer;
import io.github.moqmux.lite.GroupProducer;
import io.github.moqmux.lite.Track;
import io.github.moqmux.lite.TrackProducer;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A broadcast that writes every frame to {@code <dir>/<track>/<group>/<frame>} as its bytes
 * arrive, so dumping a long stream needs no memory for it. Each chunk is written and released at
 * once. The producer contract is the {@code lite} bases'; this class is only the files.
 */
final class DirectoryBroadcast implements BroadcastProducer {
    private final Path root;
    private final Set<String> names = new HashSet<>();

    /** @param root the directory to write into; created if missing */
    DirectoryBroadcast(Path root) {
        this.root = root;
    }

    @Override
    public TrackProducer createTrack(Track track) {
        if (!names.add(track.name())) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, "track " + track.name() + " already exists");
        }
        if (track.name().contains("/") || track.name().equals("..") || track.name().equals(".")) {
            throw new MoqMuxException(Kind.ILLEGAL_STATE, "track name " + track.name() + " is not a valid directory name");
        }
        Path dir = root.resolve(track.name());
        io(() -> Files.createDirectories(dir));
        return new AbstractTrackProducer(track) {
            @Override
            protected GroupProducer onAppendGroup(long sequence) {
                Path groupDir = dir.resolve(Long.toString(sequence));
                io(() -> Files.createDirectories(groupDir));
                return new FileGroup(groupDir, sequence);
            }
        };
    }

    @Override
    public boolean hasTrack(String name) {
        return names.contains(name);
    }

    /** Files only: the contract (sequence, state checks, ends) is {@link AbstractGroupProducer}'s. */
    private static final class FileGroup extends AbstractGroupProducer {
        private final Path dir;
        private int nextFrame;

        FileGroup(Path dir, long sequence) {
            super(sequence);
            this.dir = dir;
        }

        @Override
        protected FrameProducer onCreateFrame(long size, long timestampMicros) {
            Path file = dir.resolve(Integer.toString(nextFrame++));
            OutputStream out = io(() -> Files.newOutputStream(file));
            // The contract (size accounting, refusal with release, one end) is the base class's.
            return new AbstractFrameProducer(size, timestampMicros) {
                @Override
                protected void onChunk(ByteBuf chunk) {
                    try {
                        chunk.readBytes(out, chunk.readableBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } finally {
                        chunk.release();
                    }
                }

                @Override
                protected void onFinish() {
                    close(out);
                }

                @Override
                protected void onAbort(Throwable cause) {
                    close(out);
                }
            };
        }

        private static void close(OutputStream out) {
            io(() -> {
                out.close();
                return null;
            });
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
