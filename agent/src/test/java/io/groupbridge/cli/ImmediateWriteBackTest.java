package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-service command writes what it queued back to the directory at once, best effort (issue 5, point 1): when
 * the directory refuses for now, the command still succeeds, says so in one line, and the change stays pending.
 */
class ImmediateWriteBackTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String ERIN = "uid=erin,ou=people,dc=example,dc=com";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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

            assertThat(run(t, "members", "add", "VPN Users", "erin", "--user", "bob")).as(err.toString()).isZero();
            assertThat(err.toString()).containsPattern("note: 1 change\\(s\\) not written to the directory \\(.*busy.*\\);"
                    + " it stays pending for the daemon's write-back or the next groupbridge reconcile\\n");
            assertThat(run(t, "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(out.toString()).containsPattern("uid=erin,ou=people,dc=example,dc=com +pending write-back");
            assertThat(t.directory().server().getEntry(VPN).getAttributeValues("member")).doesNotContain(ERIN);

            // Erin's row waits for its retry time, and the group's later rows behind it; another group's go at once.
            busy.set(false);
            assertThat(run(t, "members", "add", "Helpdesk Agents", "peggy", "--user", "bob")).as(err.toString())
                    .isZero();
            assertThat(out.toString()).contains("written to the directory (1 change(s))");
            assertThat(t.directory().server().getEntry("cn=Helpdesk Agents,ou=groups,dc=example,dc=com")
                    .getAttributeValues("member")).contains("uid=peggy,ou=people,dc=example,dc=com");
        }
    }

    private int run(TestHome t, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD), Clock.systemUTC(), false);
        String[] all = new String[args.length + 2];
        all[0] = "--conf";
        all[1] = t.confFile().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return GroupbridgeCommand.execute(env, all);
    }
}
