/**
 * The broadcast catalog: the model ({@link io.github.moqmux.catalog.Catalog} with its
 * {@link io.github.moqmux.catalog.VideoConfig video} and {@link io.github.moqmux.catalog.AudioConfig
 * audio} renditions), WebCodecs codec strings ({@link io.github.moqmux.catalog.VideoCodec},
 * {@link io.github.moqmux.catalog.AudioCodec}), the hang and MSF JSON forms, and
 * {@link io.github.moqmux.catalog.CatalogProducer}, which publishes each change on the
 * {@code catalog.json} and {@code catalog} tracks.
 *
 * <p>All model types are immutable; byte arrays are copied on the way in and out. JSON is written
 * and read by hand-written code (the library depends only on netty-buffer and slf4j-api): the
 * writer's output equals JavaScript's {@code JSON.stringify} for the same values, and the reader is
 * strict and bounded, since catalogs arrive from the network.
 */
package io.github.moqmux.catalog;
