package io.github.moqmux.mp4;

/**
 * A handler reference box ({@code hdlr}).
 *
 * @param handlerType e.g. {@link FourCC#VIDE} or {@link FourCC#SOUN}
 */
public record Hdlr(int handlerType) {
    /** @return the handler type as text */
    @Override
    public String toString() {
        return "Hdlr[" + FourCC.toString(handlerType) + "]";
    }
}
