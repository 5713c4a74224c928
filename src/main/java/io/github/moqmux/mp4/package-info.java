/**
 * ISO base media file format (ISO/IEC 14496-12) boxes as the importer needs them: a box header
 * reader for incremental input, {@link io.github.moqmux.mp4.Mp4Parser} that turns a complete
 * {@code moov}, {@code moof} or {@code ftyp} into immutable typed values, and
 * {@link io.github.moqmux.mp4.BoxWriter} that writes per-track CMAF init segments and fragment
 * headers.
 *
 * <h2>Codec families</h2>
 * Each codec family's configuration record (e.g. {@link io.github.moqmux.mp4.DfLa}) holds the
 * parser of its box and, as constants, its four-character codes and its sample entry formats
 * ({@link io.github.moqmux.mp4.DfLa#FLAC}); {@link io.github.moqmux.mp4.SampleEntryFormats} lists
 * the formats the parser decodes. {@link io.github.moqmux.mp4.FourCC} holds the codes of the file
 * structure only.
 *
 * <h2>Errors</h2>
 * Every malformed, truncated or unsupported input ends in a
 * {@link io.github.moqmux.MoqMuxException} whose offset is the absolute stream offset of the
 * offending box or field. The parsers never allocate based on a declared size before checking
 * that the bytes are actually there.
 *
 * <h2>Byte arrays</h2>
 * Records that carry byte arrays (raw boxes, codec configurations) share them with their caller
 * for speed: callers must treat them as read-only. Their {@code equals}/{@code hashCode} compare
 * array contents.
 *
 * <h2>Buffers</h2>
 * The parsers read their {@link io.netty.buffer.ByteBuf} argument with absolute getters only: they
 * neither move its indexes nor retain or release it, and the values they return hold no reference
 * to it.
 */
package io.github.moqmux.mp4;
