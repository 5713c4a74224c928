package io.github.moqmux.catalog;

/**
 * The size a video is meant to be displayed at, in the video section's {@code display} field
 * ({@code {"width":1920,"height":1080}}).
 *
 * @param width  display width in pixels, at least 1
 * @param height display height in pixels, at least 1
 */
public record Display(int width, int height) {
    /**
     * Checks that both dimensions are positive.
     *
     * @param width  display width in pixels
     * @param height display height in pixels
     */
    public Display {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("display size must be positive, was " + width + "x" + height);
        }
    }
}
