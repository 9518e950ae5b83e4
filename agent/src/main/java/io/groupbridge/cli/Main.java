package io.groupbridge.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The command-line entry point; the only place that exits the JVM. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CliEnvironment env = new CliEnvironment(out, err, System.getenv(), Clock.systemUTC(), System.console() != null,
                Main::halt);
        System.exit(GroupbridgeCommand.execute(env, args));
    }

    /* The daemon's shutdown hook ends the JVM with its stop's status, not the signal's (RunCommand). */
    private static void halt(int status) {
        Runtime.getRuntime().halt(status);
    }
}
