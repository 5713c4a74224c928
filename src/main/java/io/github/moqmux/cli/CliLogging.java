package io.github.moqmux.cli;

import java.io.PrintStream;

/**
 * Where the CLI's log lines and progress line go, and how much is logged. Log lines and the
 * progress line share stderr: a log line first erases the progress line, which the next progress
 * update redraws.
 */
final class CliLogging {
    private static PrintStream err = System.err;
    private static boolean verbose;
    private static Progress progress;

    private CliLogging() {
    }

    /**
     * @param stderr  where log lines go from now on
     * @param verbose whether everything is logged, or only warnings and errors
     */
    static synchronized void configure(PrintStream stderr, boolean verbose) {
        CliLogging.err = stderr;
        CliLogging.verbose = verbose;
    }

    static synchronized boolean verbose() {
        return verbose;
    }

    /** Prints one log line, erasing the progress line first. */
    static synchronized void print(String line) {
        if (progress != null) {
            progress.erase();
        }
        err.println(line);
        err.flush();
    }

    /** The progress line that log lines erase, or {@code null} for none. */
    static synchronized void progress(Progress current) {
        progress = current;
    }
}
