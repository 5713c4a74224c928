/**
 * The format-neutral publishing core: {@link io.github.moqmux.publish.TrackPublisher} takes one
 * track's timestamped samples (payload slice, presentation time, keyframe flag, duration) and does
 * everything after parsing — start at a keyframe, group policy, legacy framing, jitter, framerate,
 * stats and the rendition the catalog announces. An importer for a new input format is a parser
 * plus one publisher per track; the fMP4 importer uses it for every track.
 *
 * <p>Dependencies point one way: {@code publish} uses {@code container}, {@code catalog} and
 * {@code lite}; {@code fmp4} uses {@code publish}.
 */
package io.github.moqmux.publish;
