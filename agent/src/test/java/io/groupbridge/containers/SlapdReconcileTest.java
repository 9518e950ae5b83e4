package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile against OpenLDAP's slapd loaded with the demo directory, read as the agent's own service account:
 * entryUUIDs are the server's, and slapd refuses the agent any search result over five entries unless it pages, so
 * a complete read proves the simple-paged-results loop. Each test gets a fresh server.
 */
@ExtendWith(TestImagesAvailable.class)
class SlapdReconcileTest {

    private static final int PAGE_SIZE = 5;
    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final String AGENT_DN = "cn=groupbridge-agent,ou=services,dc=example,dc=com";
    private static final String AGENT_PASSWORD = "agent-secret";

    private TestImages.Server slapd;
    private int port;

    @TempDir
    Path home;

    @BeforeEach
    void startSlapdWithTheDemoDirectory() throws Exception {
        slapd = TestImages.start(1, ports -> TestImages.openldap(ports.get(0)).withEnv("SLAPD_USER_LIMITS",
                "size.soft=" + PAGE_SIZE + " size.hard=" + PAGE_SIZE + " size.pr=" + PAGE_SIZE
                        + " size.prtotal=unlimited"));
        port = slapd.port();
        TestImages.loadDemoDirectory(port);
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + port + "\n"
                + "  bindDn: " + AGENT_DN + "\n"
                + "  bindPassword: " + AGENT_PASSWORD + "\n"
                + "  pageSize: " + PAGE_SIZE + "\n");
    }

    @AfterEach
    void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
    }

    private LDAPConnection admin() throws Exception {
        return new LDAPConnection("127.0.0.1", port, TestImages.LDAP_ADMIN_DN, TestImages.LDAP_ADMIN_PASSWORD);
    }

    private GroupbridgeApp openApp() throws Exception {
        return GroupbridgeApp.open(new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml")),
                Clock.systemUTC());
    }

    @Test
    void readsTheWholeDirectoryPageByPageKeyedByTheServersEntryUuids() throws Exception {
        int groupsInLdap;
        String phoenixUuid;
        try (LDAPConnection admin = admin()) {
            groupsInLdap = admin.search(GROUPS, SearchScope.ONE, "(objectClass=*)").getEntryCount();
            phoenixUuid = admin.getEntry("cn=Project Phoenix," + GROUPS, "entryUUID").getAttributeValue("entryUUID");
        }
        try (LDAPConnection agent = new LDAPConnection("127.0.0.1", port, AGENT_DN, AGENT_PASSWORD)) {
            assertThatThrownBy(() -> agent.search(GROUPS, SearchScope.ONE, "(objectClass=*)"))
                    .isInstanceOfSatisfying(LDAPSearchException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED));
        }
        assertThat(groupsInLdap).isGreaterThan(3 * PAGE_SIZE);

        try (GroupbridgeApp app = openApp()) {
            ReconcileReport first = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(first.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(first.groupsRead()).isEqualTo(groupsInLdap);
            assertThat(first.groupsAdded()).isEqualTo(groupsInLdap);
            assertThat(first.peopleAdded()).isEqualTo(first.peopleRead()).isGreaterThan(PAGE_SIZE);
            assertThat(StoreRows.idOfGroup(app.store().jdbi(), "Project Phoenix")).isEqualTo(phoenixUuid);

            assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).noChanges()).isTrue();
        }
    }

    @Test
    void renamedGroupKeepsItsIdentity() throws Exception {
        try (GroupbridgeApp app = openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String id = StoreRows.idOfGroup(jdbi, "Helpdesk Agents");
            try (LDAPConnection admin = admin()) {
                admin.modifyDN("cn=Helpdesk Agents," + GROUPS, "cn=Service Desk Agents", true);
            }

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsChanged()).isEqualTo(1);
            assertThat(report.groupsAdded()).isZero();
            assertThat(report.groupsDeleted()).isZero();
            assertThat(StoreRows.idOfGroup(jdbi, "Service Desk Agents")).isEqualTo(id);
        }
    }

    @Test
    void vanishedGroupIsKeptAsDeleted() throws Exception {
        try (GroupbridgeApp app = openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String id = StoreRows.idOfGroup(jdbi, "Book Club");
            try (LDAPConnection admin = admin()) {
                admin.delete("cn=Book Club," + GROUPS);
            }

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsDeleted()).isEqualTo(1);
            assertThat(StoreRows.text(jdbi, "SELECT state FROM directory_group WHERE id = ?", id))
                    .isEqualTo("deleted");
        }
    }
}
