package io.groupbridge.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What commands get from the outside world, so tests can run them with their own writers, environment and clock.
 *
 * @param interactive true on a terminal: progress lines are shown
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, Map<String, String> environment, Clock clock,
        boolean interactive) {

    /** Tables fit this many columns when $COLUMNS does not say. */
    static final int DEFAULT_COLUMNS = 100;

    public CliEnvironment {
        environment = Map.copyOf(environment);
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
