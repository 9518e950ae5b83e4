package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * report a first run that read nothing as a success (issue 17).
 */
class ReconcileSafetyCommandTest {

    @TempDir
    Path home;

    private final CliHarness cli = new CliHarness();

    @Test
    void aReconcileWhileAnotherHoldsTheLockExitsOneNamingTheHolder() throws Exception { // spec Y6
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            Jdbi jdbi = storeOf(t);
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                            + " VALUES ('reconcile', 'daemon', 'ops-host (pid 7), incremental reconcile', :now, :exp)")
                    .bind("now", Instant.parse("2030-01-01T10:00:00Z")).bind("exp", Instant.now().plusSeconds(600))
                    .execute());

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(1);
            assertThat(cli.err()).startsWith("error: another reconcile holds the lock since 2030-01-01T10:00:00Z"
                    + " (holder ops-host (pid 7), incremental reconcile)");
        }
    }

    @Test
    void massRemovalIsRefusedThenAllowedWithTheFlag() throws Exception { // issue 5 point 8
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            for (String g : List.of("Book Club", "Wiki Editors", "Project Phoenix", "Finance Alerts", "Marketing Crew")) {
                t.directory().server().delete("cn=" + g + ",ou=groups,dc=example,dc=com");
            }

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(1);
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

    private static Jdbi storeOf(TestHome t) throws Exception {
        return t.storeJdbi();
    }
}
