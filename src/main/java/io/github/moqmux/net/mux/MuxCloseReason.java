package io.github.moqmux.net.mux;

/**
 * Why a {@link MuxConnection} ended.
 *
 * @param code   the application error code (0 = no error)
 * @param reason a short human-readable reason, possibly empty
 * @param remote whether the peer closed it (false: this side, or a transport failure)
 * @param cause  the local failure that ended it, or null
 */
public record MuxCloseReason(long code, String reason, boolean remote, Throwable cause) {
}
