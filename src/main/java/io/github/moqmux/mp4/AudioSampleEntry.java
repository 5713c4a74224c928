package io.github.moqmux.mp4;

/**
 * An audio sample entry of a supported format ({@code mp4a}, {@code Opus}).
 *
 * @param format       the sample entry type
 * @param channelCount channel count (from the QuickTime version 2 extension when present)
 * @param sampleSize   bits per sample
 * @param sampleRate   samples per second: the integer part of the 16.16 field, or the value of the
 *                     QuickTime version 2 extension or of an {@code srat} box when present
 * @param esds         the elementary stream descriptor (also found inside a QuickTime
 *                     {@code wave} box), or {@code null} when absent
 * @param dops         the Opus specific box, or {@code null} when absent
 * @param btrt         bit rates, or {@code null} when absent
 */
public record AudioSampleEntry(int format, int channelCount, int sampleSize, long sampleRate, Esds esds, DOps dops,
        Btrt btrt) implements SampleEntry {
}
