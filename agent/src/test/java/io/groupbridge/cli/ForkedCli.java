package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code groupbridge --conf CONF ...} in a JVM of its own, as an administrator's second terminal would beside a
 * daemon, with the demo password in {@code GROUPBRIDGE_PASSWORD}; what it printed goes to files under {@code work}.
 */
final class ForkedCli {

    /** What a forked command left behind. */
    record Run(int exit, String out, String err) {
    }

    private final Path conf;
    private final Path work;

    ForkedCli(Path conf, Path work) {
        this.conf = conf;
        this.work = work;
    }

    /** Fails the test when the command has not finished within two minutes. */
    Run run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--conf", conf.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("groupbridge %s finished in time", args[0]).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
