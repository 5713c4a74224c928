/**
 * The MoQ data model as producer interfaces — broadcast → track → group → frame — and
 * {@link io.github.moqmux.lite.MemoryBroadcast}, an in-memory implementation with consumers
 * ({@link io.github.moqmux.lite.TrackConsumer}, {@link io.github.moqmux.lite.GroupConsumer}), plus
 * {@link io.github.moqmux.lite.DiscardingBroadcast}, which only counts (for benchmarks).
 *
 * <h2>Writing a producer</h2>
 * {@link io.github.moqmux.lite.AbstractTrackProducer},
 * {@link io.github.moqmux.lite.AbstractGroupProducer} and
 * {@link io.github.moqmux.lite.AbstractFrameProducer} keep the producer contract once (sequence
 * numbers, state checks, one end, declared sizes, release of refused buffers); an implementation
 * extends them and fills in small hooks with its storage or transport. MemoryBroadcast and
 * DiscardingBroadcast are built on them.
 *
 * <h2>Buffer ownership</h2>
 * Buffers are Netty {@link io.netty.buffer.ByteBuf}s and follow Netty's reference-counting
 * convention: a buffer passed to {@link io.github.moqmux.lite.FrameProducer#write} or
 * {@link io.github.moqmux.lite.GroupProducer#writeFrame} belongs to the producer from then on, and
 * the producer releases it — also when the call throws. The importer passes {@code retainedSlice}s
 * of its input, so the bytes of a frame may be shared with the caller's input buffer: nobody may
 * modify them. A buffer returned by a consumer ({@link io.github.moqmux.lite.GroupConsumer#nextFrame})
 * belongs to the caller, who releases it.
 */
package io.github.moqmux.lite;
