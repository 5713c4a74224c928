/**
 * Frame encodings and group policies: how samples become MoQ frames and where groups end.
 *
 * <ul>
 * <li>{@link io.github.moqmux.container.VarInt} — QUIC variable-length integers (RFC 9000 §16).</li>
 * <li>{@link io.github.moqmux.container.LegacyFrame} — the "legacy" hang frame: a timestamp
 *     varint in microseconds, then the sample bytes.</li>
 * <li>{@link io.github.moqmux.container.KeyframeGroups} — a new group at every keyframe (video).</li>
 * <li>{@link io.github.moqmux.container.DurationGroups} — groups of a bounded duration (audio).</li>
 * </ul>
 *
 * <p>The policies are independent of the frame encoding, so the legacy and the CMAF containers
 * share them. Buffers follow the ownership rules of {@link io.github.moqmux.lite}: a buffer handed
 * to a producer, or to {@link io.github.moqmux.container.LegacyFrame#write}, is not the caller's
 * any more.
 */
package io.github.moqmux.container;
