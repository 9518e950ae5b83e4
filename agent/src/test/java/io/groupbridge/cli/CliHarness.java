package io.groupbridge.cli;

import io.groupbridge.testing.DemoConf;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs {@code groupbridge} commands in the test's JVM and keeps what the last one printed. */
final class CliHarness {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> environment;

    /** With an empty environment: commands that sign in need {@code --password-file} or a service principal. */
    CliHarness() {
        this(Map.of());
    }

    /** @param environment what the commands see, e.g. {@code GROUPBRIDGE_PASSWORD} for {@code --user} sign-ins */
    CliHarness(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Signs people in with the demo directory's password, as a script setting GROUPBRIDGE_PASSWORD would. */
    static CliHarness withDemoPassword() {
        return new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD));
    }

    /** As {@link #withDemoPassword()} on a wide terminal, for tests that read table cells rather than the layout. */
    static CliHarness wideWithDemoPassword() {
        return new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD, "COLUMNS", "300"));
    }

    /** Runs {@code args} with {@code --conf conf} before them, as a test home's commands are given. */
    int runOn(Path conf, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--conf";
        all[1] = conf.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(all);
    }

    /** @return the exit code; standard output and error of this command only */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), environment,
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
