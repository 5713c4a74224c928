package io.github.moqmux.cli;

import java.util.Locale;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The CLI's logger: one line per event on stderr, {@code warning: <message>} for WARN (and
 * {@code error: } for ERROR); with {@code --verbose} also {@code info: }, {@code debug: } and
 * {@code trace: } lines of the library's own loggers, each with the logger's simple name (other
 * libraries, such as Netty, stay at warnings).
 */
final class CliLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /** Whether {@code --verbose} applies: to the library's loggers, not to Netty's internals. */
    private final boolean ours;

    CliLogger(String name) {
        this.name = name;
        this.ours = name.startsWith("io.github.moqmux.");
    }

    @Override
    public boolean isTraceEnabled() {
        return ours && CliLogging.verbose();
    }

    @Override
    public boolean isDebugEnabled() {
        return ours && CliLogging.verbose();
    }

    @Override
    public boolean isInfoEnabled() {
        return ours && CliLogging.verbose();
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        CliLogging.print(format(level, name, messagePattern, arguments, throwable, CliLogging.verbose()));
    }

    static String format(Level level, String name, String pattern, Object[] arguments, Throwable throwable,
                         boolean verbose) {
        StringBuilder line = new StringBuilder(level == Level.WARN ? "warning" : level.name().toLowerCase(Locale.ROOT))
            .append(": ");
        if (verbose) {
            line.append('[').append(name.substring(name.lastIndexOf('.') + 1)).append("] ");
        }
        line.append(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            line.append(" (").append(throwable).append(')');
        }
        return line.toString();
    }
}
