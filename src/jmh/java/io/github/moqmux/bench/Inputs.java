package io.github.moqmux.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loads benchmark inputs, which testdata/bench/generate.sh makes (they are not committed). */
final class Inputs {
    /** The two 1080p layouts, by short name. */
    static Path path(String layout) {
        String file = switch (layout) {
            case "gop" -> "h264_aac_1080p_gop.mp4";
            case "every_frame" -> "h264_aac_1080p_every_frame.mp4";
            case "4track" -> "h264x2_aacx2_gop.mp4";
            default -> layout;
        };
        return Path.of(System.getProperty("moqmux.bench.dir", "testdata/bench"), file);
    }

    static byte[] bytes(String layout) {
        Path path = path(layout);
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(path + " is missing: run testdata/bench/generate.sh first "
                + "(or point -Dmoqmux.bench.dir at the directory that holds the inputs)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the file as one unpooled heap buffer, as the CLI's bench command loads it */
    static ByteBuf buffer(String layout) {
        return Unpooled.wrappedBuffer(bytes(layout));
    }

    private Inputs() {
    }
}
