package io.groupbridge.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What commands get from the outside world, so tests can run them with their own writers, environment and clock.
 *
 * @param interactive true on a terminal: progress lines are shown
 * @param jvmExit     how a shutdown hook ends the JVM with a status of its own; only {@link Main} gives one that does
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> environment, Clock clock,
        boolean interactive, JvmExit jvmExit) {

    /** Tables fit this many columns when $COLUMNS does not say. */
    static final int DEFAULT_COLUMNS = 100;

    public CliEnvironment {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(jvmExit, "jvmExit");
    }

    /** For commands run inside another program (tests): a shutdown hook leaves the JVM's status to it. */
    public CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> environment, Clock clock,
            boolean interactive) {
        this(out, err, environment, clock, interactive, status -> { });
    }

    /**
     * Ends the JVM from a shutdown hook, where {@code System.exit} would wait for the running hooks for ever and the
     * JVM would then end with the signal's status (143 for SIGTERM, 130 for SIGINT).
     */
    @FunctionalInterface
    public interface JvmExit {
        void halt(int status);
    }

    /**
     * The width tables fit: $COLUMNS (as shells export it), else {@value #DEFAULT_COLUMNS} on a terminal; output into a
     * pipe or a file is not wrapped, so that scripts and grep see one line per row.
     */
    int columns() {
        String columns = environment.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Not a width: fall back to the default, as for an unset variable.
            }
        }
        return interactive ? DEFAULT_COLUMNS : Integer.MAX_VALUE;
    }
}
