package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.ReadsNothing;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code groupbridge reconcile} refusing to overlap another reconcile (spec Y6), to remove en masse (issue 5) and to
 * report a first run that read nothing as a success (issue 17). Overlap and mass removal are skips, not faults: they
 * exit 75 (EX_TEMPFAIL) so cron, systemd and monitoring can tell them from a failure (issue 15, finding 8); a run
 * that read nothing is a fault of the conf or the access rules and exits 1.
 */
class ReconcileSafetyCommandTest {

    @TempDir
    Path home;

    private final CliHarness cli = new CliHarness();

    @Test
    void aReconcileWhileAnotherHoldsTheLockExitsTempfailNamingTheHolder() throws Exception { // spec Y6
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            Jdbi jdbi = storeOf(t);
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                            + " VALUES ('reconcile', 'daemon', 'ops-host (pid 7), incremental reconcile', :now, :exp)")
                    .bind("now", Instant.parse("2030-01-01T10:00:00Z")).bind("exp", Instant.now().plusSeconds(600))
                    .execute());

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(ExitCodes.TEMPFAIL).isEqualTo(75);
            assertThat(cli.err()).startsWith("error: another reconcile holds the lock since 2030-01-01T10:00:00Z"
                    + " (holder ops-host (pid 7), incremental reconcile)");
        }
    }

    @Test
    void massRemovalIsRefusedWithTempfailThenAllowedWithTheFlag() throws Exception { // issue 5 point 8
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            for (String g : List.of("Book Club", "Wiki Editors", "Project Phoenix", "Finance Alerts", "Marketing Crew")) {
                t.directory().server().delete("cn=" + g + ",ou=groups,dc=example,dc=com");
            }

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(ExitCodes.TEMPFAIL);
            assertThat(cli.err()).contains("failsafe: stopped before changing anything: would remove 5 of 16"
                    + " groups", "--allow-mass-removal");

            assertThat(cli.run("--conf", conf, "reconcile", "--allow-mass-removal")).isZero();
            assertThat(cli.out()).contains("groups +0 ~0 -5", "failsafe: overridden by --allow-mass-removal");
        }
    }

    /** Issue 17, point 1: before, this exited 0 with "no changes (read 0 people and 0 groups ...)". */
    @Test
    void aFirstReconcileAsAnAccountThatMayReadNothingExitsOneSayingWhatToCheck() throws Exception {
        try (TestHome t = TestHome.start(home, null, null, new ReadsNothing(TestHome.AGENT_DN))) {
            t.bindAs(TestHome.AGENT_DN, TestHome.AGENT_PASSWORD);
            String conf = t.confFile().toString();

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(1);
            assertThat(cli.err()).contains("empty directory: read 0 people and 0 groups as " + TestHome.AGENT_DN,
                    "people base ou=people,dc=example,dc=com", "group base ou=groups,dc=example,dc=com",
                    "access rules or ACIs", "reconcile.allowEmptyDirectory: true");
            assertThat(cli.out()).doesNotContain("no changes");
        }
    }

    @Test
    void aDaemonStartedWhileAnotherRunsExitsTempfail() throws Exception { // spec Y6
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            storeOf(t).useHandle(h -> h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at,"
                            + " expires_at) VALUES (:name, 'other', 'ops-host (pid 7), daemon', :now, :exp)")
                    .bind("name", GroupbridgeApp.DAEMON_LEASE).bind("now", Instant.parse("2030-01-01T10:00:00Z"))
                    .bind("exp", Instant.now().plusSeconds(600)).execute());

            assertThat(cli.run("--conf", conf, "run")).isEqualTo(ExitCodes.TEMPFAIL);
            assertThat(cli.err()).startsWith("error: another daemon holds the lock since 2030-01-01T10:00:00Z");
        }
    }

    @Test
    void helpListsTheTempfailExitCode() {
        assertThat(cli.run("--help")).isZero();
        // picocli wraps the list at the terminal's width
        assertThat(cli.out().replaceAll("\\s+", " ")).contains("75 skipped, try again later (EX_TEMPFAIL): another"
                + " reconcile or daemon holds the lock, or the failsafe stopped the run");
    }

    private static Jdbi storeOf(TestHome t) throws Exception {
        return t.storeJdbi();
    }
}
