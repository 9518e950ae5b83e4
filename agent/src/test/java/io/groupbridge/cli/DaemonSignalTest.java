package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code groupbridge run} in its own JVM on the embedded defaults, stopped with SIGTERM (issue 5, point 6): it exits
 * 0, persists the embedded directory, releases its lease, and leaves a store the next start resumes from.
 */
class DaemonSignalTest {

    @Test
    void sigtermStopsTheDaemonCleanlyWithExitZero(@TempDir Path home) throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: 0\nschedule:\n  incremental: 1s\n"
                + "  shutdownTimeout: 10s\n" + TestHome.storeOnFreePort());
        Path errors = home.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The agent's own logging (INFO for groupbridge), not the quieter test logging on the test class path.
        String logging = "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath();
        Process daemon = new ProcessBuilder(List.of(java, logging, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--conf", conf.toString(), "run"))
                .redirectOutput(home.resolve("out.txt").toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(errors).contains("reconcile: read") && System.nanoTime() < deadline
                    && daemon.isAlive()) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(errors)).contains("groupbridge daemon running", "reconcile: read");

            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("stopped in time").isTrue();

            assertThat(daemon.exitValue()).as(Files.readString(errors)).isZero();
            assertThat(Files.readString(errors)).contains("daemon stopped");
            assertThat(home.resolve("data/directory.ldif")).exists();
            try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(conf), Clock.systemUTC())) {
                assertThat(app.runLock().holder(Daemon.LEASE)).isEmpty();
                assertThat(app.store().queries().listGroups(false)).hasSizeGreaterThan(10);
            }
        } finally {
            daemon.destroyForcibly();
        }
    }
}
