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
import org.testcontainers.utility.MountableFile;

/**
 * Least privilege on slapd (issue 6): under the access rules of {@code slapd/groupbridge-access.conf}, which
 * docs/production.md recommends, groupbridge reconciles as a read-only account and writes back as a second account
 * that may change only the membership of groups and add or delete group entries; and neither account can do more.
 */
@ExtendWith(TestImagesAvailable.class)
class SlapdLeastPrivilegeTest {


    private TestImages.Server slapd;

    @TempDir
    Path home;

    @BeforeEach
    void startSlapdWithTheAccessRules() throws Exception {
        slapd = TestImages.start(1, ports -> TestImages.openldap(ports.get(0)).withCopyFileToContainer(
                MountableFile.forClasspathResource("slapd/groupbridge-access.conf"), "/conf/access.conf"));
        TestImages.loadDemoDirectory(slapd.port());
        try (LDAPConnection admin = admin()) {
            admin.add(new Entry(WRITER_DN,
                    new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                    new Attribute("cn", "groupbridge-writer"),
                    new Attribute("userPassword", WRITER_PASSWORD)));
        }
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/groupbridge.yaml"), "directory:\n"
                + "  url: ldap://127.0.0.1:" + slapd.port() + "\n"
                + "  bindDn: " + READER_DN + "\n"
                + "  bindPassword: " + READER_PASSWORD + "\n"
                + "  writeBindDn: " + WRITER_DN + "\n"
                + "  writeBindPassword: ${env:WRITER_PASSWORD}\n"
                + DemoConf.SELF_SERVICE);
    }

    @AfterEach
    void stopSlapd() {
        if (slapd != null) {
            slapd.close();
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
        return connect(TestImages.LDAP_ADMIN_DN, TestImages.LDAP_ADMIN_PASSWORD);
    }

    private LDAPConnection connect(String dn, String password) throws LDAPException {
        return new LDAPConnection("127.0.0.1", slapd.port(), dn, password);
    }
}
