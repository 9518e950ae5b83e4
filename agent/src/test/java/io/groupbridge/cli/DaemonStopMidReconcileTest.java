package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.sync.Reconciler;
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
 * SIGTERM while the daemon's first full reconcile is still reading (issue 5 acceptance): the daemon gives the job its
 * bounded shutdown time, exits 0, and the store holds either nothing or everything of that run, never a part; the
 * next start completes the reconcile.
 */
class DaemonStopMidReconcileTest {

    private static final int GROUPS = 2_000;

    @Test
    void sigtermDuringAReconcileLeavesTheStoreWholeAndTheNextStartResumes(@TempDir Path home, @TempDir Path work)
            throws Exception {
        Path seed = work.resolve("directory.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(20_000, GROUPS, 30, 11L), seed);
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: 0\n    seedLdif: " + seed + "\n"
                + "schedule:\n  incremental: 1h\n  shutdownTimeout: 1s\n");
        Path errors = work.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String logging = "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath();
        Process daemon = new ProcessBuilder(List.of(java, logging, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--conf", conf.toString(), "run"))
                .redirectOutput(work.resolve("out.txt").toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(errors).contains("daemon started") && System.nanoTime() < deadline
                    && daemon.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(errors)).contains("daemon started");
            Thread.sleep(300);

            daemon.destroy();
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("stopped in time").isTrue();

            String log = Files.readString(errors);
            assertThat(daemon.exitValue()).as(log).isZero();
            assertThat(log).as("the stop came while the reconcile ran").contains("still running");
            try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(conf), Clock.systemUTC())) {
                assertThat(app.runLock().holder(Daemon.LEASE)).isEmpty();
                assertThat(app.store().queries().listGroups(false).size()).isIn(0, GROUPS);

                app.reconciler().run(false, Reconciler.Progress.NONE);
                assertThat(app.store().queries().listGroups(false)).hasSize(GROUPS);
            }
        } finally {
            daemon.destroyForcibly();
        }
    }
}
