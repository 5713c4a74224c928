/**
 * The moq-lite wire format: {@link io.github.moqmux.net.wire.Version}s, the
 * {@link io.github.moqmux.net.wire.Message} records (one per message, parsed once), primitive
 * encodings in {@link io.github.moqmux.net.wire.Wire}, framing and incremental parsing in
 * {@link io.github.moqmux.net.wire.Codec}, and the upstream-compatible
 * {@link io.github.moqmux.net.wire.ErrorCode}s. Nothing here touches a connection.
 */
package io.github.moqmux.net.wire;
