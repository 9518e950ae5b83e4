package io.groupbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.fixtures.EmbeddedDirectory;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.SignInException;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.WriteBackReport;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's connections to the directory are pooled (issue 11, point 5): built once by the app, they serve every
 * reconcile, write-back pass and sign-in, where each of those used to connect and bind anew (every sign-in two
 * connections). Password checks bind as the person on a pooled connection, which is bound as the agent again before
 * anything else runs on it. {@code directory.url} may name several servers, tried in order.
 */
class DirectoryConnectionPoolTest {

    private static final String POOLS = "  poolSize: 2\n  writePoolSize: 1\n  signInPoolSize: 1\n";
    private static final int SIGN_INS = 10;

    @TempDir
    Path home;

    /** Issue 11, point 5: fails on a main without pools, where the sign-ins alone open 20 connections. */
    @Test
    void reconcilesWriteBackAndSignInsShareThePoolsConnections() throws Exception {
        Connections connections = new Connections(TestHome.MANAGER_DN);
        try (TestHome t = TestHome.start(home, null, POOLS + DemoConf.SELF_SERVICE, connections);
                GroupbridgeApp app = t.openApp()) {
            assertThat(reconcile(app).outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            SelfServiceSource selfService = app.selfService();
            Actor bob = null;
            for (int i = 0; i < SIGN_INS; i++) {
                bob = selfService.signIn().person("bob", DemoConf.PASSWORD.toCharArray());
                assertThatThrownBy(() -> selfService.signIn().person("bob", "not-the-password".toCharArray()))
                        .isInstanceOf(SignInException.class);
            }
            ActionResult created = selfService.actions().groups().createGroup(bob, GroupKind.SECURITY, "Pool Club", "",
                    Optional.of(JoinPolicy.OWNER_APPROVAL), List.of("judy"));
            assertThat(created.allowed()).as(created.message()).isTrue();
            WriteBackReport written = app.outboxRelay().run();
            assertThat(reconcile(app).outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);

            assertThat(written.groupsCreated()).isEqualTo(1);
            assertThat(t.directory().server().getEntry("cn=Pool Club,ou=groups,dc=example,dc=com")).isNotNull();
            assertThat(connections.opened()).as("connections the directory served").hasSizeLessThanOrEqualTo(2 + 1 + 1);
            assertThat(connections.operationsNotAsTheAgent())
                    .as("operations other than binds that ran as someone other than the agent").isEmpty();
        }
    }

    /** Issue 11, point 5: the first server of the list does not answer, so the agent reads and writes the second. */
    @Test
    void theAgentUsesTheNextServerWhenTheFirstIsDown() throws Exception {
        EmbeddedDirectory first = EmbeddedDirectory.builder().port(TestHome.freePort()).start();
        int down = first.port();
        first.server().shutDown(true);
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            int second = t.directory().port();
            Files.writeString(t.confFile(), Files.readString(t.confFile()).replace("url: ldap://127.0.0.1:" + second,
                    "url: ldap://127.0.0.1:" + down + ", ldap://127.0.0.1:" + second));
            try (GroupbridgeApp app = t.openApp()) {
                ReconcileReport report = reconcile(app);

                assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
                assertThat(report.groupsAdded()).isGreaterThan(10);
                assertThat(app.directory().endpoint().servers()).hasSize(2);
                Actor bob = app.selfService().signIn()
                        .person("bob", DemoConf.PASSWORD.toCharArray());
                assertThat(bob).isNotNull();
            }
        }
    }

    private static ReconcileReport reconcile(GroupbridgeApp app) throws Exception {
        return app.reconciler().run(false, Reconciler.Progress.NONE);
    }

    /** Which connections the directory served, and as whom each operation other than a bind ran. */
    private static final class Connections extends InMemoryOperationInterceptor {
        private final Set<Long> opened = new HashSet<>();
        private final Map<Long, String> boundAs = new HashMap<>();
        private final List<String> notAsAgent = new ArrayList<>();
        private final String agent;

        Connections(String agent) {
            this.agent = agent;
        }

        @Override
        public synchronized void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
            opened.add(request.getConnectionID());
            boundAs.put(request.getConnectionID(), request.getRequest().getBindDN());
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            ran(request, "search " + request.getRequest().getBaseDN());
        }

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest request) {
            ran(request, "modify " + request.getRequest().getDN());
        }

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest request) {
            ran(request, "add " + request.getRequest().getDN());
        }

        private synchronized void ran(InMemoryInterceptedRequest request, String what) {
            opened.add(request.getConnectionID());
            String as = boundAs.getOrDefault(request.getConnectionID(), "");
            if (!as.equalsIgnoreCase(agent)) {
                notAsAgent.add(what + " as '" + as + "' on connection " + request.getConnectionID());
            }
        }

        synchronized Set<Long> opened() {
            return Set.copyOf(opened);
        }

        synchronized List<String> operationsNotAsTheAgent() {
            return List.copyOf(notAsAgent);
        }
    }
}
