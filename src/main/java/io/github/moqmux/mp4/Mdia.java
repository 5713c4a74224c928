package io.github.moqmux.mp4;

import java.util.Objects;

/**
 * A media box ({@code mdia}). All three parts are required.
 *
 * @param mdhd the media header
 * @param hdlr the handler reference
 * @param stbl the sample table (from {@code minf/stbl}), reduced to its sample descriptions
 */
public record Mdia(Mdhd mdhd, Hdlr hdlr, Stbl stbl) {
    /**
     * Checks that all parts are present.
     *
     * @param mdhd the media header
     * @param hdlr the handler reference
     * @param stbl the sample table (from {@code minf/stbl}), reduced to its sample descriptions
     */
    public Mdia {
        Objects.requireNonNull(mdhd, "mdhd");
        Objects.requireNonNull(hdlr, "hdlr");
        Objects.requireNonNull(stbl, "stbl");
    }
}
