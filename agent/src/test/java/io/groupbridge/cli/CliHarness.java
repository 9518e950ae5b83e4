package io.groupbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** Runs {@code groupbridge} commands in the test's JVM and keeps what the last one printed. */
final class CliHarness {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** @return the exit code; standard output and error of this command only */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                Clock.systemUTC(), false);
        return GroupbridgeCommand.execute(env, args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
