package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A self-service command writes what it queued back to the directory at once, best effort (issue 5, point 1): when
 * the directory refuses for now, the command still succeeds, says so in one line, and the change stays pending.
 */
class ImmediateWriteBackTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String ERIN = "uid=erin,ou=people,dc=example,dc=com";
    private static final String ALICE = "uid=alice,ou=people,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";
    private static final String PEGGY = "uid=peggy,ou=people,dc=example,dc=com";

    private final CliHarness cli = CliHarness.withDemoPassword();

    @Test
    void aMemberAddedIsInTheDirectoryAtOnceAndABusyDirectoryLeavesItPendingWithANote(@TempDir Path home)
            throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        InMemoryOperationInterceptor refuseModifies = new InMemoryOperationInterceptor() {
            @Override
            public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
                if (busy.get()) {
                    throw new LDAPException(ResultCode.BUSY, "the test directory is busy");
                }
            }
        };
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE, refuseModifies)) {
            assertThat(run(t, "reconcile")).isZero();

            assertThat(run(t, "members", "add", "VPN Users", "erin", "--user", "bob")).as(cli.err()).isZero();
            assertThat(cli.out()).matches("added erin to 'VPN Users'; not in the"
                    + " directory yet \\(.*busy.*\\): it stays pending for the daemon's write-back or the next"
                    + " groupbridge reconcile\\n");
            assertThat(cli.err()).isEmpty();
            assertThat(run(t, "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern("uid=erin,ou=people,dc=example,dc=com +pending write-back");
            assertThat(t.directory().server().getEntry(VPN).getAttributeValues("member")).doesNotContain(ERIN);

            // Erin's row waits for its retry time, and the group's later rows behind it; another group's go at once.
            busy.set(false);
            assertThat(run(t, "members", "add", "Helpdesk Agents", "peggy", "--user", "bob")).as(cli.err())
                    .isZero();
            assertThat(cli.out()).isEqualTo("added peggy to 'Helpdesk Agents'; written to the directory\n");
            assertThat(t.directory().server().getEntry("cn=Helpdesk Agents,ou=groups,dc=example,dc=com")
                    .getAttributeValues("member")).contains("uid=peggy,ou=people,dc=example,dc=com");
        }
    }

    /**
     * Issue 10, finding 10: a change the directory refuses for good is parked; the command exits 1, says so with the
     * result code and the server's diagnostic and names {@code outbox retry}, and the listings show it as failed.
     */
    @ParameterizedTest
    @EnumSource(value = RefusalKind.class, names = {"INSUFFICIENT_ACCESS_RIGHTS", "OBJECT_CLASS_VIOLATION",
            "UNWILLING_TO_PERFORM"})
    void aChangeTheDirectoryRefusesForGoodFailsTheCommandAndIsListedAsFailed(RefusalKind kind, @TempDir Path home)
            throws Exception { // spec W3, R6
        AtomicReference<ResultCode> refusal = new AtomicReference<>(kind.code);
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE, refuseModifiesOfVpn(refusal))) {
            assertThat(run(t, "reconcile")).isZero();

            assertThat(run(t, "members", "add", "VPN Users", "erin", "--user", "bob")).as(cli.err()).isOne();
            long id = outboxId(t, ERIN);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.err()).startsWith("error: added erin to 'VPN Users' in the group store, but")
                    .contains("the directory refused the change (outbox " + id
                            + ": add-member " + ERIN + " on " + VPN + ")", kind.code.toString(),
                    "the test directory says no", "`groupbridge outbox retry " + id + "`")
                    .doesNotContain("stays pending");

            assertThat(run(t, "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern(ERIN + " +failed write-back \\(outbox " + id + "\\)");
            assertThat(run(t, "groups", "show", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).contains(ERIN + "  (failed write-back (outbox " + id + "))");
            assertThat(run(t, "groups", "mine", "--user", "erin")).isZero();
            assertThat(cli.out()).containsPattern("VPN Users .* yes: failed write-back \\(outbox " + id + "\\)");

            assertThat(run(t, "owners", "add", "VPN Users", "alice", "--user", "bob")).as(cli.err()).isOne();
            long ownerRow = outboxId(t, ALICE);
            assertThat(run(t, "owners", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern(ALICE + " +failed write-back \\(outbox " + ownerRow + "\\)");
        }
    }

    /** Issue 10, finding 10: a directory that is unavailable for now leaves the change pending and the command succeeds. */
    @Test
    void anUnavailableDirectoryLeavesTheChangePendingAndTheCommandSucceeds(@TempDir Path home) throws Exception {
        AtomicReference<ResultCode> refusal = new AtomicReference<>(ResultCode.UNAVAILABLE);
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE, refuseModifiesOfVpn(refusal))) {
            assertThat(run(t, "reconcile")).isZero();

            assertThat(run(t, "members", "add", "VPN Users", "erin", "--user", "bob")).as(cli.err()).isZero();
            long id = outboxId(t, ERIN);
            assertThat(cli.out()).contains("; not in the directory yet (", ResultCode.UNAVAILABLE.toString(),
                    "it stays pending").doesNotContain("written to the directory");
            assertThat(cli.err()).isEmpty();
            assertThat(run(t, "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern(ERIN + " +pending write-back \\(outbox " + id + "\\)");
        }
    }

    /** Issue 10, finding 10: the write-back pass after an action reports only the rows that action queued. */
    @Test
    void aCommandSaysNothingAboutOtherPeoplesChangesItsPassFailedToWrite(@TempDir Path home) throws Exception {
        AtomicReference<ResultCode> refusal = new AtomicReference<>(ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE, refuseModifiesOfVpn(refusal))) {
            assertThat(run(t, "reconcile")).isZero();
            assertThat(run(t, "members", "add", "VPN Users", "olivia", "--user", "bob")).isOne();
            sendAgainLater(t, outboxId(t, OLIVIA));

            assertThat(run(t, "members", "add", "Helpdesk Agents", "peggy", "--user", "bob")).as(cli.err())
                    .isZero();
            assertThat(cli.out()).endsWith("; written to the directory\n");
            assertThat(cli.err()).isEmpty();
            assertThat(outboxStates(t)).containsExactly("add-member " + OLIVIA + " failed",
                    "add-member " + PEGGY + " done");
        }
    }

    /**
     * Issue 15, finding 1: create, approve, join and leave each print one line, and it says the change is in the
     * directory; nothing first claims the change waits for a later write-back, nor does {@code groups create --help}.
     */
    @Test
    void aCommandThatWritesBackPrintsOneLineSayingTheChangeIsInTheDirectory(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            assertThat(run(t, "reconcile")).isZero();

            assertThat(run(t, "groups", "create", "Rust Guild", "--kind", "unified", "--policy", "owner-approval",
                    "--user", "heidi")).as(cli.err()).isZero();
            assertThat(cli.out()).isEqualTo("created group 'Rust Guild' (cn=Rust Guild,ou=groups,dc=example,"
                    + "dc=com); written to the directory\n");
            assertThat(run(t, "request", "Rust Guild", "--justification", "I write Rust", "--user", "niaj")).isZero();
            assertThat(cli.out()).matches("request \\d+ to join 'Rust Guild' waits for an owner's decision\\n");
            String id = cli.out().split(" ")[1];
            assertThat(run(t, "requests", "approve", id, "--user", "heidi")).as(cli.err()).isZero();
            assertThat(cli.out()).isEqualTo("request " + id + " approved; written to the directory\n");
            assertThat(run(t, "join", "Book Club", "--user", "niaj")).as(cli.err()).isZero();
            assertThat(cli.out()).isEqualTo("joined 'Book Club'; written to the directory\n");
            assertThat(run(t, "leave", "Book Club", "--user", "niaj")).as(cli.err()).isZero();
            assertThat(cli.out()).isEqualTo("you left 'Book Club'; written to the directory\n");
            assertThat(cli.err()).isEmpty();

            assertThat(run(t, "groups", "create", "--help")).isZero();
            assertThat(cli.out()).doesNotContain("next write-back").contains("written back");
        }
    }

    /** Result codes the relay treats as permanent: no retry can mend them. */
    enum RefusalKind {
        INSUFFICIENT_ACCESS_RIGHTS(ResultCode.INSUFFICIENT_ACCESS_RIGHTS),
        OBJECT_CLASS_VIOLATION(ResultCode.OBJECT_CLASS_VIOLATION),
        UNWILLING_TO_PERFORM(ResultCode.UNWILLING_TO_PERFORM);

        final ResultCode code;

        RefusalKind(ResultCode code) {
            this.code = code;
        }
    }

    private static InMemoryOperationInterceptor refuseModifiesOfVpn(AtomicReference<ResultCode> refusal) {
        return new InMemoryOperationInterceptor() {
            @Override
            public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
                ResultCode code = refusal.get();
                if (code != null && request.getRequest().getDN().equalsIgnoreCase(VPN)) {
                    throw new LDAPException(code, "the test directory says no");
                }
            }
        };
    }

    private static long outboxId(TestHome t, String valueDn) throws Exception {
        try (GroupbridgeApp app = t.openApp()) {
            return app.store().jdbi().withHandle(h -> h.createQuery("SELECT MAX(id) FROM outbox WHERE value_dn = :v")
                    .bind("v", valueDn).mapTo(Long.class).one());
        }
    }

    // As `outbox retry` does, but left to whichever pass comes next.
    private static void sendAgainLater(TestHome t, long id) throws Exception {
        try (GroupbridgeApp app = t.openApp()) {
            app.store().jdbi().useHandle(h -> h.createUpdate("UPDATE outbox SET state = 'pending', attempts = 0,"
                    + " next_attempt_at = :now WHERE id = :id").bind("now", Instant.now()).bind("id", id).execute());
        }
    }

    private static List<String> outboxStates(TestHome t) throws Exception {
        try (GroupbridgeApp app = t.openApp()) {
            return app.store().jdbi().withHandle(h -> h.createQuery(
                    "SELECT operation || ' ' || value_dn || ' ' || state FROM outbox ORDER BY id")
                    .mapTo(String.class).list());
        }
    }

    private int run(TestHome t, String... args) {
        return cli.runOn(t.confFile(), args);
    }
}
