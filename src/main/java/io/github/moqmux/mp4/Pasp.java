package io.github.moqmux.mp4;

/**
 * A pixel aspect ratio box ({@code pasp}): a pixel is {@code hSpacing / vSpacing} as wide as high.
 *
 * @param hSpacing relative width of a pixel (unsigned 32 bits)
 * @param vSpacing relative height of a pixel (unsigned 32 bits)
 */
public record Pasp(long hSpacing, long vSpacing) {
}
