package io.groupbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/**
 * {@code groupbridge ARGS} in the caller's JVM, for harnesses outside this package (the soak): the same command
 * line parsing and commands as a terminal's, without a JVM start per command.
 */
public final class InProcessCli {

    /** What a command printed and returned. */
    public record Result(int exit, String out, String err) {
    }

    private InProcessCli() {
    }

    public static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), environment,
                Clock.systemUTC(), false);
        int exit = GroupbridgeCommand.execute(env, args);
        return new Result(exit, out.toString(), err.toString());
    }
}
