package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.sync.EmptyDirectoryException;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.ReconcileReport.Mode;
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
 * The reconcile against 389 Directory Server (issue 17) loaded with the demo directory, with
 * {@code mapping.profile: 389ds}, read as the agent's own service account: ids are the server's nsUniqueIds and
 * survive a modrdn, the agent may read five entries per search unless it pages, and an incremental run reads by
 * modifyTimestamp. Without ACIs (389-DS's default) the same account reads nothing, which a first run must not report
 * as success. Each test gets a fresh server.
 */
@ExtendWith(TestImagesAvailable.class)
class DirSrvReconcileTest {

    private static final int PAGE_SIZE = 5;
    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final String AGENT_DN = "cn=groupbridge-agent,ou=services,dc=example,dc=com";
    private static final String AGENT_PASSWORD = "agent-secret";

    private TestImages.Server dirsrv;
    private int port;

    @TempDir
    Path home;

    @BeforeEach
    void start389WithTheDemoDirectory() throws Exception {
        dirsrv = TestImages.start(1, ports -> TestImages.dirsrv(ports.get(0)));
        port = dirsrv.port();
        TestImages.loadDemoDirectoryInto389(port);
        try (LDAPConnection manager = manager()) {
            // nsSizeLimit holds unpaged searches to five entries; nsPagedSizeLimit lifts it for paged ones.
            manager.modify(AGENT_DN, new Modification(ModificationType.ADD, "nsSizeLimit", Integer.toString(PAGE_SIZE)),
                    new Modification(ModificationType.ADD, "nsPagedSizeLimit", "-1"));
        }
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + port + "\n"
                + "  bindDn: " + AGENT_DN + "\n"
                + "  bindPassword: " + AGENT_PASSWORD + "\n"
                + "  pageSize: " + PAGE_SIZE + "\n"
                + "mapping:\n"
                + "  profile: 389ds\n");
    }

    @AfterEach
    void stop389() {
        if (dirsrv != null) {
            dirsrv.close();
        }
    }

    private LDAPConnection manager() throws Exception {
        return new LDAPConnection("127.0.0.1", port, TestImages.DIRSRV_MANAGER_DN, TestImages.DIRSRV_MANAGER_PASSWORD);
    }

    private GroupbridgeApp openApp() throws Exception {
        return GroupbridgeApp.open(new ConfigLoader(Map.of()).load(home.resolve("conf/groupbridge.yaml")),
                Clock.systemUTC());
    }

    /**
     * Issue 17, point 1, on the server it was found on: before, this first run exited 0 with "no changes (read 0
     * people and 0 groups ...)".
     */
    @Test
    void aFirstRunAsAnAccountWithoutAcisReadsNothingAndFailsNamingTheAccountAndBases() throws Exception {
        try (GroupbridgeApp app = openApp()) {
            assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(EmptyDirectoryException.class)
                    .hasMessageStartingWith("empty directory: read 0 people and 0 groups as " + AGENT_DN
                            + " from people base ou=people,dc=example,dc=com")
                    .hasMessageContaining("group base " + GROUPS, "ACIs");
            assertThat(app.store().queries().listGroups(false)).isEmpty();
        }
    }

    @Test
    void readsTheWholeDirectoryPageByPageKeyedByNsUniqueIdsThatSurviveAModrdn() throws Exception {
        int groupsInLdap;
        String phoenixId;
        try (LDAPConnection manager = manager()) {
            TestImages.applyChanges(manager, "389ds/groupbridge-acis.ldif");
            groupsInLdap = manager.search(GROUPS, SearchScope.ONE, "(objectClass=*)").getEntryCount();
            phoenixId = manager.getEntry("cn=Project Phoenix," + GROUPS, "nsUniqueId").getAttributeValue("nsUniqueId");
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
            Jdbi jdbi = app.store().jdbi();
            assertThat(StoreRows.idOfGroup(jdbi, "Project Phoenix")).isEqualTo(phoenixId);
            assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).noChanges()).isTrue();

            try (LDAPConnection manager = manager()) {
                manager.modifyDN("cn=Project Phoenix," + GROUPS, "cn=Project Firebird", true);
            }
            ReconcileReport renamed = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(renamed.groupsChanged()).isEqualTo(1);
            assertThat(renamed.groupsAdded()).isZero();
            assertThat(renamed.groupsDeleted()).isZero();
            assertThat(StoreRows.idOfGroup(jdbi, "Project Firebird")).isEqualTo(phoenixId);
        }
    }

    @Test
    void anIncrementalRunReadsOnlyTheEntriesChangedSinceTheCheckpointByModifyTimestamp() throws Exception {
        try (LDAPConnection manager = manager()) {
            TestImages.applyChanges(manager, "389ds/groupbridge-acis.ldif");
            // modifyTimestamp has whole seconds and the checkpoint's own second is read again, so the checkpoint
            // gets a second of its own (a marker change) and the change a later one.
            nextSecond();
            manager.modify("cn=Engineering," + GROUPS,
                    new Modification(ModificationType.REPLACE, "description", "checkpoint marker"));
        }
        try (GroupbridgeApp app = openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            nextSecond();
            try (LDAPConnection manager = manager()) {
                manager.modify("cn=Book Club," + GROUPS,
                        new Modification(ModificationType.ADD, "member", "uid=alice,ou=people,dc=example,dc=com"));
            }

            ReconcileReport incremental = app.reconciler().run(new Reconciler.Options(Mode.INCREMENTAL, false, false),
                    Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            assertThat(incremental.groupsRead()).isEqualTo(2);
            assertThat(incremental.peopleRead()).isZero();
            assertThat(incremental.groupsChanged()).isEqualTo(1);
            assertThat(incremental.membersAdded()).isEqualTo(1);
        }
    }

    private static void nextSecond() throws InterruptedException {
        Thread.sleep(1100);
    }
}
