package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.JoinRequest;
import io.groupbridge.selfservice.SelfService;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.WriteBackReport;
import io.groupbridge.testing.DemoConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stable ids on slapd (issue 6): a group and the people involved with it are renamed with modrdn, and the store keeps
 * the group's request, owners and audit history under the same entryUUIDs. slapd's refint overlay rewrites the
 * member and owner values that name a renamed person, as in production; groupbridge moves the DNs it holds itself
 * (the request's requester) to the new names, so the request can still be found, answered and written back.
 */
@ExtendWith(TestImagesAvailable.class)
class SlapdRenameTest {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final String HEIDI = "uid=heidi," + PEOPLE;
    private static final String HEIDI_RENAMED = "uid=heidi.jones," + PEOPLE;
    private static final String DAVE = "uid=dave," + PEOPLE;
    private static final String DAVE_RENAMED = "uid=dave.smith," + PEOPLE;
    private static final String PAYROLL = "cn=App Payroll Users," + GROUPS;
    private static final String PAYROLL_RENAMED = "cn=Payroll Application Users," + GROUPS;

    private TestImages.Server slapd;

    @TempDir
    Path home;

    @BeforeEach
    void startSlapdWithTheDemoDirectory() throws Exception {
        slapd = TestImages.start(1, ports -> TestImages.openldap(ports.get(0)));
        TestImages.loadDemoDirectory(slapd.port());
        Files.createDirectories(home.resolve("conf"));
        // The manager writes here: this test is about identity, SlapdLeastPrivilegeTest about the accounts' rights.
        Files.writeString(home.resolve("conf/groupbridge.yaml"), TestImages.managerDirectory(slapd.port())
                + DemoConf.SELF_SERVICE);
    }

    @AfterEach
    void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void renamedGroupOwnerAndRequesterKeepTheRequestOwnersAndHistory() throws Exception {
        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of())
                        .load(home.resolve("conf/groupbridge.yaml")), Clock.systemUTC())) {
            SelfServiceSource wiring = app.selfService();
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            SelfService actions = wiring.actions();
            String payroll = StoreRows.idOfGroup(jdbi, "App Payroll Users");
            assertThat(actions.groups().editGroup(person(actions, DAVE), payroll, Optional.empty(), Optional.empty(),
                    Optional.of(JoinPolicy.OWNER_APPROVAL)).allowed()).isTrue();
            ActionResult asked = actions.memberships().join(person(actions, HEIDI), payroll, "I run the payroll");
            long request = asked.requestId().orElseThrow();
            int historyBefore = StoreRows.texts(jdbi, "SELECT action_name FROM audit_event WHERE group_id = ?",
                    payroll).size();

            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), TestImages.LDAP_ADMIN_DN,
                    TestImages.LDAP_ADMIN_PASSWORD)) {
                admin.modifyDN(HEIDI, "uid=heidi.jones", true);
                admin.modifyDN(DAVE, "uid=dave.smith", true);
                admin.modifyDN(PAYROLL, "cn=Payroll Application Users", true);
                // slapd's refint overlay rewrites the values that named a renamed entry in a thread of its own, after
                // the modrdn has answered; the reconcile must read the directory once it has.
                await().atMost(Duration.ofSeconds(30)).until(() -> List.of(admin.getEntry(PAYROLL_RENAMED, "owner")
                        .getAttributeValues("owner")).contains(DAVE_RENAMED));
            }
            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.peopleChanged()).isEqualTo(2);
            assertThat(report.peopleAdded() + report.peopleRemoved() + report.groupsAdded() + report.groupsDeleted()
                    + report.requestsCancelled()).isZero();
            assertThat(StoreRows.text(jdbi, "SELECT id FROM directory_group WHERE dn = ?", PAYROLL_RENAMED))
                    .isEqualTo(payroll);
            assertThat(StoreRows.texts(jdbi, "SELECT owner_dn FROM group_owner WHERE group_id = ?", payroll))
                    .containsExactly(DAVE_RENAMED);
            assertThat(StoreRows.text(jdbi, "SELECT requester_dn || ' ' || state FROM join_request WHERE id = ?"
                    + " AND group_id = ?", request, payroll)).isEqualTo(HEIDI_RENAMED + " pending");
            // The audit log is history: it keeps the group's events under its id, and the DNs as they were.
            assertThat(StoreRows.texts(jdbi, "SELECT target_dn FROM audit_event WHERE group_id = ?"
                    + " AND action_name = 'request'", payroll)).containsExactly(HEIDI);
            assertThat(StoreRows.texts(jdbi, "SELECT id FROM audit_event WHERE group_id = ?", payroll))
                    .hasSize(historyBefore);

            Actor heidi = person(actions, HEIDI_RENAMED);
            assertThat(actions.requests().requests(heidi, null, true).items()).extracting(JoinRequest::id)
                    .containsExactly(request);
            assertThat(actions.memberships().join(heidi, payroll, "again").requestId()).contains(request);
            assertThat(actions.requests().decide(person(actions, DAVE_RENAMED), request, true, "").allowed()).isTrue();
            WriteBackReport written = app.outboxRelay().run();

            assertThat(written.done()).as(written.errors().toString()).isEqualTo(1);
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), TestImages.LDAP_ADMIN_DN,
                    TestImages.LDAP_ADMIN_PASSWORD)) {
                assertThat(admin.getEntry(PAYROLL_RENAMED, "member").getAttributeValues("member"))
                        .contains(HEIDI_RENAMED);
            }
        }
    }

    // spec A8, W1: groupbridge's own modrdn is what the next reconcile reads back, and refint's rewrite of the group
    // that has the renamed one as a member leaves nothing dangling
    @Test
    void aRenameWrittenBackByGroupbridgeIsReadBackByTheNextReconcile() throws Exception {
        String finance = "cn=Finance Team," + GROUPS;
        String renamed = "cn=Finance Department," + GROUPS;
        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of())
                        .load(home.resolve("conf/groupbridge.yaml")), Clock.systemUTC())) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            SelfService actions = app.selfService().actions();
            String id = StoreRows.idOfGroup(jdbi, "Finance Team");
            String payroll = StoreRows.idOfGroup(jdbi, "App Payroll Users");
            List<String> membersBefore = StoreRows.texts(jdbi, "SELECT member_dn FROM group_member WHERE group_id = ?"
                    + " ORDER BY member_dn_norm", id);

            ActionResult asked = actions.groups().editGroup(person(actions, "uid=grace," + PEOPLE), id,
                    Optional.of("Finance Department"), Optional.empty(), Optional.empty());
            assertThat(asked.allowed()).as(asked.message()).isTrue();
            WriteBackReport written = app.outboxRelay().run();
            assertThat(written.done()).as(written.errors().toString()).isEqualTo(1);

            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", slapd.port(), TestImages.LDAP_ADMIN_DN,
                    TestImages.LDAP_ADMIN_PASSWORD)) {
                assertThat(admin.getEntry(finance)).isNull();
                assertThat(admin.getEntry(renamed, "cn").getAttributeValues("cn")).containsExactly(
                        "Finance Department");
                await().atMost(Duration.ofSeconds(30)).until(() -> List.of(admin.getEntry(PAYROLL, "member")
                        .getAttributeValues("member")).contains(renamed));
            }
            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsAdded() + report.groupsDeleted()).isZero();
            assertThat(StoreRows.text(jdbi, "SELECT id FROM directory_group WHERE dn_norm = ?",
                    renamed.toLowerCase(java.util.Locale.ROOT))).isEqualTo(id);
            assertThat(StoreRows.text(jdbi, "SELECT name FROM directory_group WHERE id = ?", id))
                    .isEqualTo("Finance Department");
            assertThat(StoreRows.texts(jdbi, "SELECT member_dn FROM group_member WHERE group_id = ?"
                    + " ORDER BY member_dn_norm", id)).isEqualTo(membersBefore);
            assertThat(StoreRows.texts(jdbi, "SELECT member_dn FROM group_member WHERE group_id = ?", payroll))
                    .contains(renamed).doesNotContain(finance);
            assertThat(StoreRows.texts(jdbi, "SELECT member_dn FROM dangling_member WHERE group_id = ?", payroll))
                    .doesNotContain(finance, renamed);
            assertThat(actions.groups().findGroup(person(actions, DAVE), finance).id())
                    .as("the old DN still names the group").isEqualTo(id);
            assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).changes()).isZero();
        }
    }

    private static Actor person(SelfService actions, String dn) {
        return actions.views().actorFor(dn, ActorKind.PERSON);
    }
}
