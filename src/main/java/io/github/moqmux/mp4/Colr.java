package io.github.moqmux.mp4;

/**
 * A colour information box ({@code colr}). Only the {@code nclx} (ISO) and {@code nclc}
 * (QuickTime) colour types carry code points; for other types (ICC profiles) they are 0.
 *
 * @param colourType              the colour type, e.g. {@link FourCC#NCLX}
 * @param colourPrimaries         ISO/IEC 23091-2 colour primaries
 * @param transferCharacteristics ISO/IEC 23091-2 transfer characteristics
 * @param matrixCoefficients      ISO/IEC 23091-2 matrix coefficients
 * @param fullRange               full_range_flag ({@code nclx} only; false otherwise)
 */
public record Colr(int colourType, int colourPrimaries, int transferCharacteristics, int matrixCoefficients,
        boolean fullRange) {
    /** @return whether this box carries code points ({@code nclx} or {@code nclc}) */
    public boolean hasCodePoints() {
        return colourType == FourCC.NCLX || colourType == FourCC.NCLC;
    }
}
