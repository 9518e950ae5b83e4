package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.TestHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile} with write-back (read, decide, write) and {@code outbox list|retry}, with exit codes 0/1/2. */
class OutboxCommandTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                Clock.systemUTC(), false);
        return GroupbridgeCommand.execute(env, args);
    }

    @Test
    void reconcileWritesTheOutboxBackAfterReadingAndDryRunOnlyShowsIt() throws Exception { // spec W1, Y4
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            enqueueOlivia(t);

            assertThat(run("--conf", conf, "reconcile", "--dry-run")).isEqualTo(0);
            assertThat(out.toString()).contains("write-back would send 1 directory operation(s), and sent none",
                    "dn: " + VPN, "add: member", "member: " + OLIVIA);
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();

            assertThat(run("--conf", conf, "reconcile", "--no-writeback")).isEqualTo(0);
            assertThat(out.toString()).doesNotContain("write-back");
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();

            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(out.toString()).contains("write-back: 1 written (1 modify operations");
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();

            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(out.toString()).startsWith("no changes").doesNotContain("write-back");
        }
    }

    @Test
    void outboxListShowsRowsAndRetryChecksItsArguments() throws Exception { // spec W3
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            run("--conf", conf, "reconcile");
            long id = enqueueOlivia(t);
            jdbi(t).useHandle(h -> h.execute("UPDATE outbox SET state = 'failed', attempts = 10,"
                    + " last_error = 'connect to ldap://127.0.0.1 failed' WHERE id = ?", id));

            assertThat(run("--conf", conf, "outbox", "list")).isEqualTo(0);
            assertThat(out.toString()).contains("outbox: 0 pending, 1 failed, 0 done", "add-member", OLIVIA,
                    "connect to ldap://127.0.0.1 failed");

            assertThat(run("--conf", conf, "outbox", "retry")).isEqualTo(2);
            assertThat(err.toString()).contains("either the ID of a failed outbox row or --all");
            assertThat(run("--conf", conf, "outbox", "list", "--state", "stuck")).isEqualTo(2);
            assertThat(run("--conf", conf, "outbox", "retry", "999")).isEqualTo(1);
            assertThat(err.toString()).contains("outbox row 999 is not failed");

            assertThat(run("--conf", conf, "outbox", "retry", Long.toString(id))).isEqualTo(0);
            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isTrue();
            assertThat(run("--conf", conf, "outbox", "list", "--state", "done")).isEqualTo(0);
            assertThat(out.toString()).contains("outbox: 0 pending, 0 failed, 1 done");
        }
    }

    private static Jdbi jdbi(TestHome t) throws Exception {
        return Jdbi.create(t.config().store().jdbcUrl(), "SA", "");
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
