package io.groupbridge.containers;

import static io.groupbridge.containers.LeastPrivilege.GROUPS;
import static io.groupbridge.containers.LeastPrivilege.PEOPLE;
import static io.groupbridge.containers.LeastPrivilege.READER_DN;
import static io.groupbridge.containers.LeastPrivilege.READER_PASSWORD;
import static io.groupbridge.containers.LeastPrivilege.WIKI;
import static io.groupbridge.containers.LeastPrivilege.WRITER_DN;
import static io.groupbridge.containers.LeastPrivilege.WRITER_PASSWORD;
import static io.groupbridge.containers.LeastPrivilege.allowed;
import static io.groupbridge.containers.LeastPrivilege.person;
import static io.groupbridge.containers.LeastPrivilege.writesBack;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege on 389-DS (issue 17): under the ACIs of {@code 389ds/groupbridge-acis.ldif}, which
 * docs/production.md recommends, groupbridge reconciles with {@code mapping.profile: 389ds} as a read-only account
 * and writes back as a second account that may change only the membership of groups and add or delete group entries;
 * a group it creates gets the server's nsUniqueId as its id; and neither account can do more.
 */
@ExtendWith(TestImagesAvailable.class)
class DirSrvLeastPrivilegeTest {


    private TestImages.Server dirsrv;

    @TempDir
    Path home;

    @BeforeEach
    void start389WithTheAcis() throws Exception {
        dirsrv = TestImages.start(1, ports -> TestImages.dirsrv(ports.get(0)));
        TestImages.loadDemoDirectoryInto389(dirsrv.port());
        try (LDAPConnection admin = admin()) {
            admin.add(new Entry(WRITER_DN,
                    new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                    new Attribute("cn", "groupbridge-writer"),
                    new Attribute("userPassword", WRITER_PASSWORD)));
            TestImages.applyChanges(admin, "389ds/groupbridge-acis.ldif");
        }
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + dirsrv.port() + "\n"
                + "  bindDn: " + READER_DN + "\n"
                + "  bindPassword: " + READER_PASSWORD + "\n"
                + "  writeBindDn: " + WRITER_DN + "\n"
                + "  writeBindPassword: ${env:WRITER_PASSWORD}\n"
                + "mapping:\n"
                + "  profile: 389ds\n"
                + DemoConf.SELF_SERVICE);
    }

    @AfterEach
    void stop389() {
        if (dirsrv != null) {
            dirsrv.close();
        }
    }

    @Test
    void readOnlyAccountReconcilesAndTheWriterWritesMembersOwnersAndGroups() throws Exception {
        int groupsInLdap;
        try (LDAPConnection admin = admin()) {
            groupsInLdap = admin.search(GROUPS, SearchScope.ONE, "(objectClass=*)").getEntryCount();
        }
        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of("WRITER_PASSWORD", WRITER_PASSWORD))
                        .load(home.resolve("conf/groupbridge.yaml")), Clock.systemUTC())) {
            SelfServiceSource wiring = app.selfService();
            ReconcileReport read = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(read.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(read.groupsRead()).isEqualTo(groupsInLdap);

            SelfService actions = wiring.actions();
            String wiki = StoreRows.idOfGroup(app.store().jdbi(), "Wiki Editors");
            allowed(actions.memberships().join(person(actions, "heidi"), wiki, ""));
            allowed(actions.memberships().addOwner(person(actions, "olivia"), wiki, "peggy"));
            allowed(actions.groups().createGroup(person(actions, "heidi"), GroupKind.SECURITY, "Lab Access", "lab door",
                    Optional.empty(), List.of()));
            writesBack(app, 3);
            app.reconciler().run(false, Reconciler.Progress.NONE);
            try (LDAPConnection admin = admin()) {
                assertThat(StoreRows.idOfGroup(app.store().jdbi(), "Lab Access")).isEqualTo(
                        admin.getEntry("cn=Lab Access," + GROUPS, "nsUniqueId").getAttributeValue("nsUniqueId"));
            }
            allowed(actions.groups().deleteGroup(person(actions, "alice"),
                    StoreRows.idOfGroup(app.store().jdbi(), "Lab Access")));
            writesBack(app, 1);
        }
        try (LDAPConnection admin = admin()) {
            SearchResultEntry wiki = admin.getEntry(WIKI, "uniqueMember", "owner");
            assertThat(wiki.getAttributeValues("uniqueMember")).contains("uid=heidi," + PEOPLE);
            assertThat(wiki.getAttributeValues("owner")).contains("uid=peggy," + PEOPLE);
            assertThat(admin.getEntry("cn=Lab Access," + GROUPS)).isNull();
        }
    }

    @Test
    void theWriterChangesOnlyGroupMembershipAndTheReaderNothing() throws Exception {
        try (LDAPConnection writer = connect(WRITER_DN, WRITER_PASSWORD);
                LDAPConnection reader = connect(READER_DN, READER_PASSWORD)) {
            LeastPrivilege.writerChangesOnlyGroupMembershipAndReaderNothing(writer, reader);
        }
    }

    private LDAPConnection admin() throws LDAPException {
        return connect(TestImages.DIRSRV_MANAGER_DN, TestImages.DIRSRV_MANAGER_PASSWORD);
    }

    private LDAPConnection connect(String dn, String password) throws LDAPException {
        return new LDAPConnection("127.0.0.1", dirsrv.port(), dn, password);
    }
}
