package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.testing.ReadsNothing;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groupbridge status} while a daemon runs and after the failsafe stopped a reconcile (issue 5, point 5, 8). */
class StatusCommandTest {

    @TempDir
    Path home;

    private final CliHarness cli = CliHarness.wideWithDemoPassword();

    @Test
    void statusShowsTheDaemonItsJobsTheOutboxAndTheConf() throws Exception {
        try (TestHome t = TestHome.start(home, null, "schedule:\n  incremental: 1s\n  writeBack: 1s\n"
                + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp()) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).contains("daemon:  down", "no daemon job has run yet", "lock:    free",
                    "outbox:  0 pending, 0 failed");

            try (Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()),
                    Clock.systemUTC())) {
                daemon.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> app.store().daemonRecords().latestJobRuns()
                        .containsKey("write-back"));

                assertThat(cli.run("--conf", conf, "status")).isZero();
                assertThat(cli.out()).contains("daemon:  up since", "pid " + ProcessHandle.current().pid(),
                        "incremental-reconcile", "write-back", "succeeded", "last full reconcile: succeeded",
                        "settings version " + t.config().settings().version());

                assertThat(cli.run("--conf", conf, "status", "--json")).isZero();
                assertThat(cli.out()).contains("\"held\" : true", "\"name\" : \"incremental-reconcile\"",
                        "\"outbox\" : { }");
            }
            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).contains("daemon:  down");
        }
    }

    /**
     * Issue 15, finding 2: after a run that changed nothing, status said {@code 0 warnings} while the demo
     * directory still held its dangling member value; a monitor would have read the problem as fixed.
     */
    /** issue 14, found by the soak: with the conf emptied, status read the default store and said "daemon: down". */
    @Test
    void anEmptyConfIsAnErrorNamingTheFileNotADaemonDown() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "# every section gone\n");

        assertThat(cli.run("--conf", conf.toString(), "status")).isEqualTo(2);
        assertThat(cli.err()).contains(conf + ":1:", "the file is empty", "keeps its last good conf");
        assertThat(cli.out()).doesNotContain("down");
    }

    @Test
    void statusCountsADanglingMemberAfterARunThatChangedNothing() throws Exception { // spec Y5
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            assertThat(cli.out()).contains("no changes", "uid=former-employee,ou=people,dc=example,dc=com points at"
                    + " no entry");

            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).containsPattern("last full reconcile: succeeded .*, 0 changes, 1 warnings?\\b");
        }
    }

    @Test
    void statusExplainsAFailsafeStopAndAConfError() throws Exception { // issue 5 point 8, spec C2
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            Files.writeString(t.confFile(), "  groupBase: ou=services,dc=example,dc=com\n", StandardOpenOption.APPEND);
            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(ExitCodes.TEMPFAIL);

            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).contains("last full reconcile: failed",
                    "failsafe: stopped before changing anything: the directory returned no groups while the store"
                            + " has 16");
        }
    }

    /**
     * Issue 17, point 1: the daemon's runs follow the empty-read rule; each is recorded as failed with the reason, and
     * status shows it.
     */
    @Test
    void statusShowsADaemonRunThatReadNothingAsFailedWithWhatToCheck() throws Exception {
        try (TestHome t = TestHome.start(home, null, "schedule:\n  incremental: 1s\n" + TestHome.storeOnFreePort(),
                new ReadsNothing(TestHome.AGENT_DN))) {
            t.bindAs(TestHome.AGENT_DN, TestHome.AGENT_PASSWORD);
            String conf = t.confFile().toString();
            try (GroupbridgeApp app = t.openApp();
                    Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), t.config()),
                            Clock.systemUTC())) {
                daemon.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    var run = app.store().daemonRecords().latestJobRuns().get("incremental-reconcile");
                    return run != null && run.outcome().equals("failed");
                });

                assertThat(cli.run("--conf", conf, "status")).isZero();
                assertThat(cli.out()).contains("incremental-reconcile", "failed",
                        "empty directory: read 0 people and 0 groups as " + TestHome.AGENT_DN);
                assertThat(app.store().queries().listGroups(false)).isEmpty();
            }
        }
    }
}
