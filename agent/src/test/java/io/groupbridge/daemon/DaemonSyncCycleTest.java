package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon runs the same sync cycle as {@code groupbridge reconcile} (issue 11, point 3): its reconciles record
 * drift (spec W5) and its write-back follows a live edit of the conf (spec C3). Outbox rows are inserted as
 * self-service inserts them: pending, no tries, due now.
 */
class DaemonSyncCycleTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";
    private static final String SCHEDULE = DaemonTest.SCHEDULE;
    private static final Duration PATIENCE = DaemonTest.PATIENCE;

    @TempDir
    Path home;

    /**
     * Issue 11, point 3: on the main line before it only {@code groupbridge reconcile} called
     * {@code recordDrift}, so the daemon's audit log never showed a value an administrator removed.
     */
    @Test
    void memberTheDaemonWroteBackAndSomeoneRemovedInTheDirectoryIsAuditedAsDriftAndNotAddedAgain() throws Exception {
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            Jdbi jdbi = app.store().jdbi();
            InMemoryDirectoryServer ldap = t.directory().server();
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                await().atMost(PATIENCE).until(() -> groupId(jdbi, VPN).isPresent());
                long id = enqueue(jdbi, VPN, "add-member", OLIVIA);
                await().atMost(PATIENCE).until(() -> rowState(jdbi, id).equals("done"));
                assertThat(ldap.getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();

                ldap.modify(VPN, new Modification(ModificationType.DELETE, "member", OLIVIA));

                await().atMost(PATIENCE).until(() -> !drift(jdbi).isEmpty());
                assertThat(drift(jdbi)).singleElement().asString().startsWith("W5 member written back at");
                Instant detected = Instant.now();
                await().atMost(PATIENCE).until(() -> finishedAfter(app, WriteBackJob.NAME, detected)
                        && finishedAfter(app, FullReconcileJob.NAME, detected));
                assertThat(ldap.getEntry(VPN).hasAttributeValue("member", OLIVIA)).as("not re-added").isFalse();
                assertThat(members(jdbi, VPN)).doesNotContain(OLIVIA);
                assertThat(drift(jdbi)).as("audited once").hasSize(1);
            }
        }
    }

    /**
     * Issue 11, point 3: on the main line before it the write-back job used the conf the daemon started with, so a
     * row kept the started conf's ten tries after an edit allowed it one.
     */
    @Test
    void aLiveEditOfWriteBackMaxAttemptsDecidesTheNextWriteBack() throws Exception { // spec C3, W3
        try (TestHome t = TestHome.start(home, null, SCHEDULE + TestHome.storeOnFreePort());
                GroupbridgeApp app = t.openApp()) {
            LiveConfig live = new LiveConfig(new ConfigLoader(Map.of()), t.config());
            Jdbi jdbi = app.store().jdbi();
            assertThat(live.current().writeBack().maxAttempts()).isGreaterThan(1);
            try (Daemon daemon = new Daemon(app, live, Clock.systemUTC())) {
                daemon.start();
                await().atMost(PATIENCE).until(() -> groupId(jdbi, VPN).isPresent());
                Files.writeString(t.confFile(), Files.readString(t.confFile()) + "writeBack:\n  maxAttempts: 1\n");
                await().atMost(PATIENCE).until(() -> live.current().writeBack().maxAttempts() == 1);

                t.directory().server().shutDown(false);
                long id = enqueue(jdbi, VPN, "add-member", OLIVIA);

                await().atMost(PATIENCE).until(() -> !rowState(jdbi, id).equals("pending"));
                assertThat(rowState(jdbi, id)).as("parked after its one try").isEqualTo("failed");
                assertThat(text(jdbi, "SELECT last_error FROM outbox WHERE id = " + id)).contains("connect to");
            }
        }
    }

    private static long enqueue(Jdbi jdbi, String groupDn, String operation, String value) {
        Instant now = Instant.now();
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO outbox (group_id, group_dn, operation, value_dn,"
                        + " state, attempts, next_attempt_at, created_at) VALUES (:g, :dn, :op, :value,"
                        + " 'pending', 0, :now, :now)")
                .bind("g", groupId(jdbi, groupDn).orElseThrow()).bind("dn", groupDn).bind("op", operation)
                .bind("value", value).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private static boolean finishedAfter(GroupbridgeApp app, String job, Instant instant) {
        var run = app.store().daemonRecords().latestJobRuns().get(job);
        return run != null && run.finishedAt().isAfter(instant);
    }

    private static Optional<String> groupId(Jdbi jdbi, String dn) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM directory_group WHERE dn = :dn AND state = 'active'")
                .bind("dn", dn).mapTo(String.class).findOne());
    }

    private static String rowState(Jdbi jdbi, long id) {
        return text(jdbi, "SELECT state FROM outbox WHERE id = " + id);
    }

    private static List<String> drift(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT decided_rule || ' ' || detail FROM audit_event"
                + " WHERE action_name = 'drift'").mapTo(String.class).list());
    }

    private static List<String> members(Jdbi jdbi, String dn) {
        return jdbi.withHandle(h -> h.createQuery("SELECT m.member_dn_norm FROM group_member m JOIN directory_group g"
                + " ON g.id = m.group_id WHERE g.dn = :dn").bind("dn", dn).mapTo(String.class).list());
    }

    private static String text(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
