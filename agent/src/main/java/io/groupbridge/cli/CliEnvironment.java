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
    public CliEnvironment {
        environment = Map.copyOf(environment);
    }
}
