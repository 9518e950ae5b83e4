package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile} with write-back (read, decide, write) and {@code outbox list|retry}, with exit codes 0/1/2. */
class OutboxCommandTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private final CliHarness cli = CliHarness.wideWithDemoPassword();

    @Test
    void reconcileWritesTheOutboxBackAfterReadingAndDryRunOnlyShowsIt() throws Exception { // spec W1, Y4
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            enqueueOlivia(t);

            assertThat(cli.run("--conf", conf, "reconcile", "--dry-run")).isEqualTo(0);
            assertThat(cli.out()).contains("write-back would send 1 directory operation(s), and sent none",
                    "dn: " + VPN, "add: member", "member: " + OLIVIA);
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();

            assertThat(cli.run("--conf", conf, "reconcile", "--no-writeback")).isEqualTo(0);
            assertThat(cli.out()).doesNotContain("write-back");
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(cli.out()).contains("write-back: 1 written (1 modify operations");
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(cli.out()).startsWith("no changes").doesNotContain("write-back");
        }
    }

    /**
     * Issue 13: a shell could send queued rows only through a full reconcile. {@code outbox send} writes the due
     * rows and nothing else, and says so when nothing is due.
     */
    @Test
    void outboxSendWritesTheDueRowsWithoutAReconcile() throws Exception { // spec W1
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            long id = enqueueOlivia(t);
            int runs = reconcileRuns(t);

            assertThat(cli.run("--conf", conf, "outbox", "send")).isEqualTo(0);
            assertThat(cli.out()).contains("write-back: 1 written (1 modify operations");
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();
            String state = jdbi(t).withHandle(h -> h.createQuery("SELECT state FROM outbox WHERE id = ?").bind(0, id)
                    .mapTo(String.class).one());
            assertThat(state).isEqualTo("done");
            assertThat(reconcileRuns(t)).as("no reconcile ran").isEqualTo(runs);

            assertThat(cli.run("--conf", conf, "outbox", "send", "--json")).isEqualTo(0);
            assertThat(cli.out()).contains("\"done\" : 0");
            assertThat(cli.run("--conf", conf, "outbox", "send")).isEqualTo(0);
            assertThat(cli.out()).startsWith("write-back: nothing due");
        }
    }

    @Test
    void outboxListShowsRowsAndRetryChecksItsArguments() throws Exception { // spec W3
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            cli.run("--conf", conf, "reconcile");
            long id = enqueueOlivia(t);
            jdbi(t).useHandle(h -> h.execute("UPDATE outbox SET state = 'failed', attempts = 10,"
                    + " last_error = 'connect to ldap://127.0.0.1 failed' WHERE id = ?", id));

            assertThat(cli.run("--conf", conf, "outbox", "list", "--user", "alice")).isEqualTo(0);
            assertThat(cli.out()).contains("outbox: 0 pending, 1 failed, 0 done", "add-member", OLIVIA,
                    "connect to ldap://127.0.0.1 failed");

            assertThat(cli.run("--conf", conf, "outbox", "retry", "--user", "alice")).isEqualTo(2);
            assertThat(cli.err()).contains("either the ID of a failed outbox row or --all");
            assertThat(cli.run("--conf", conf, "outbox", "list", "--state", "stuck", "--user", "alice")).isEqualTo(2);
            assertThat(cli.run("--conf", conf, "outbox", "retry", "999", "--user", "alice")).isEqualTo(1);
            assertThat(cli.err()).contains("outbox row 999 is not failed");

            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).as("status names nobody").contains("1 failed").doesNotContain(OLIVIA, "uid=");

            assertThat(cli.run("--conf", conf, "outbox", "retry", Long.toString(id), "--user", "alice")).isEqualTo(0);
            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();
            assertThat(cli.run("--conf", conf, "outbox", "list", "--state", "done", "--user", "alice")).isEqualTo(0);
            assertThat(cli.out()).contains("outbox: 0 pending, 0 failed, 1 done");
        }
    }

    private static int reconcileRuns(TestHome t) throws Exception {
        return jdbi(t).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM reconcile_run").mapTo(Integer.class).one());
    }

    private static Jdbi jdbi(TestHome t) throws Exception {
        return t.storeJdbi();
    }

    private static long enqueueOlivia(TestHome t) throws Exception {
        return jdbi(t).withHandle(h -> {
            String groupId = h.createQuery("SELECT id FROM directory_group WHERE dn = :dn").bind("dn", VPN)
                    .mapTo(String.class).one();
            long id = h.createUpdate("INSERT INTO outbox (group_id, group_dn, operation, value_dn, state, attempts,"
                            + " next_attempt_at, created_at) VALUES (:g, :dn, 'add-member', :v, 'pending', 0, :now, :now)")
                    .bind("g", groupId).bind("dn", VPN).bind("v", OLIVIA).bind("now", Instant.now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return id;
        });
    }
}
