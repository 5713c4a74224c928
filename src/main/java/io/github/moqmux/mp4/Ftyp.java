package io.github.moqmux.mp4;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A file type box ({@code ftyp}) or segment type box ({@code styp}), which share one layout.
 *
 * @param majorBrand       the major brand, see {@link FourCC}
 * @param minorVersion     the minor version (unsigned 32 bits)
 * @param compatibleBrands the compatible brands in stored order
 * @param raw              the whole box as stored, header included; shared, must not be modified
 */
public record Ftyp(int majorBrand, long minorVersion, List<Integer> compatibleBrands, byte[] raw) {
    /**
     * Copies the brand list.
     *
     * @param majorBrand the major brand, see {@link FourCC}
     * @param minorVersion the minor version (unsigned 32 bits)
     * @param compatibleBrands the compatible brands in stored order
     * @param raw the whole box as stored, header included; shared, must not be modified
     */
    public Ftyp {
        compatibleBrands = List.copyOf(compatibleBrands);
        Objects.requireNonNull(raw, "raw");
    }

    /** @return whether the box was stored as {@code styp} rather than {@code ftyp} */
    public boolean isStyp() {
        return raw.length >= 8 && (((raw[4] & 0xFF) << 24) | ((raw[5] & 0xFF) << 16) | ((raw[6] & 0xFF) << 8)
                | (raw[7] & 0xFF)) == FourCC.STYP;
    }

    /** Compares all fields, the raw bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ftyp f && majorBrand == f.majorBrand && minorVersion == f.minorVersion
                && compatibleBrands.equals(f.compatibleBrands) && Arrays.equals(raw, f.raw);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(majorBrand, minorVersion, compatibleBrands) * 31 + Arrays.hashCode(raw);
    }

    /** @return the brands as text and the raw size */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Ftyp[").append(FourCC.toString(majorBrand)).append(' ')
                .append(minorVersion).append(" [");
        for (int i = 0; i < compatibleBrands.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(FourCC.toString(compatibleBrands.get(i)));
        }
        return sb.append("] ").append(raw.length).append(" bytes]").toString();
    }
}
