package io.github.moqmux.mp4;

/**
 * A bit rate box ({@code btrt}). All values are unsigned 32 bits; 0 means unknown.
 *
 * @param bufferSizeDb decoding buffer size in bytes
 * @param maxBitrate   maximum rate in bits per second over any one-second window
 * @param avgBitrate   average rate in bits per second
 */
public record Btrt(long bufferSizeDb, long maxBitrate, long avgBitrate) {
}
