/**
 * moq-mux: imports fragmented MP4 into MoQ broadcasts.
 *
 * <p>The data flows through the packages in one direction:
 * {@link io.github.moqmux.mp4} (box reading and writing) → {@link io.github.moqmux.fmp4} (the
 * importer) → {@link io.github.moqmux.container} (frame encodings and group policy) →
 * {@link io.github.moqmux.catalog} (the catalog model, JSON and MSF) → {@link io.github.moqmux.lite}
 * (producer interfaces and an in-memory broadcast). {@link io.github.moqmux.MoqMuxException} is the
 * one exception type they all throw.
 */
package io.github.moqmux;
