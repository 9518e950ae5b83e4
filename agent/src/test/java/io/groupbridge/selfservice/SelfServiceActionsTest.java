package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceSource;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.directory.LdapDirectoryNames;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.selfservice.rules.OwnerAssignment;
import io.groupbridge.selfservice.rules.PremiumLicense;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every self-service action through the service, against the embedded demo directory and a real store: what each
 * one writes (outbox, audit, requests) and what it refuses, naming the spec rule each test checks.
 */
class SelfServiceActionsTest {

    private static final String PASSWORD = DemoConf.PASSWORD;

    @TempDir
    Path home;

    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private final List<Notification> sent = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        app = testHome.openApp(clock);
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    private SelfService actions() {
        return actions(s -> s);
    }

    private SelfService actions(UnaryOperator<TenantSettings> settings) {
        GroupbridgeConfig c = app.config();
        TenantSettings base = GroupbridgeApp.tenantSettings(c.settings());
        SelfServiceOptions options = new SelfServiceOptions(settings.apply(base), Map.of(
                AdminRole.GROUPS_ADMINISTRATOR, "cn=groups administrators,ou=groups,dc=example,dc=com",
                AdminRole.GLOBAL_ADMINISTRATOR, "cn=global administrators,ou=groups,dc=example,dc=com"),
                Duration.ofDays(30), new GroupTemplate(List.of("groupOfNames", "gbGroup"), "member",
                        Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)), 64);
        return SelfService.over(app.store().selfServiceStore(),
                new LdapDirectoryNames(c.directory().groupBase(), "cn"), options, new Recording(sent), clock);
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, PASSWORD.toCharArray());
    }

    private String groupId(String name) {
        return app.store().queries().findGroups(name, null).get(0).id();
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private List<Map<String, Object>> outbox() {
        return rows("SELECT * FROM outbox ORDER BY id");
    }

    private List<Map<String, Object>> audit() {
        return rows("SELECT * FROM audit_event WHERE actor_dn <> 'groupbridge' ORDER BY id");
    }

    private long requestTo(SelfService a, String group, String who) throws SignInException {
        ActionResult r = a.memberships().join(person(who), groupId(group), "I need it for the payroll run");
        assertThat(r.allowed()).as(r.message()).isTrue();
        return r.requestId().orElseThrow();
    }

    // Makes App Payroll Users (owned by dave, security, api: owners-only) take requests.
    private void payrollTakesRequests(SelfService a) throws SignInException {
        assertThat(a.groups().editGroup(person("dave"), groupId("App Payroll Users"), Optional.empty(),
                Optional.empty(),
                Optional.of(JoinPolicy.OWNER_APPROVAL)).allowed()).isTrue();
    }

    @Test
    void aUserCreatesAGroupAndBecomesItsOwnerWithOneCreateGroupOutboxRow() throws Exception { // spec A7, P table, W1
        ActionResult r = actions().groups().createGroup(person("heidi"), GroupKind.SECURITY, "Lab Access", "lab door",
                Optional.empty(), List.of("ivan"));

        assertThat(r.allowed()).as(r.message()).isTrue();
        assertThat(outbox()).singleElement().satisfies(row -> {
            assertThat(row.get("operation")).isEqualTo("create-group");
            assertThat(row.get("group_dn")).isEqualTo("cn=Lab Access,ou=groups,dc=example,dc=com");
            assertThat(row.get("state")).isEqualTo("pending");
            assertThat(row.get("attempts")).isEqualTo(0);
            assertThat((String) row.get("payload")).contains("\"name\":\"Lab Access\"", "\"kind\":\"security\"",
                    "\"policy\":\"open\"", "\"channel\":\"self-service\"",
                    "\"objectClasses\":[\"groupOfNames\",\"gbGroup\"]", "\"memberAttribute\":\"member\"",
                    "\"owners\":[\"uid=heidi,ou=people,dc=example,dc=com\",\"uid=ivan,ou=people,dc=example,dc=com\"]");
        });
        assertThat(rows("SELECT state, channel, policy FROM directory_group WHERE name = 'Lab Access'"))
                .singleElement().satisfies(g -> assertThat(g).containsEntry("state", "creating")
                        .containsEntry("channel", "self-service").containsEntry("policy", "open"));
        assertThat(audit()).singleElement().satisfies(a -> assertThat(a).containsEntry("action_name", "create-group")
                .containsEntry("outcome", "allowed").containsEntry("decided_rule", "A7")
                .containsEntry("settings_version", app.config().settings().version()));
    }

    @Test
    void theProvisionalIdOfACreatedGroupStillWorksOnceTheDirectoryHasGivenItsOwn() throws Exception { // spec W1
        ActionResult created = actions().groups().createGroup(person("heidi"), GroupKind.UNIFIED, "Tea Club", "",
                Optional.empty(), List.of());
        String provisional = created.groupId().orElseThrow();
        app.outboxRelay().run();
        String real = groupId("Tea Club");
        assertThat(real).isNotEqualTo(provisional);

        ActionResult joined = actions().memberships().join(person("ivan"), provisional, "");

        assertThat(joined.allowed()).as(joined.message()).isTrue();
        assertThat(rows("SELECT group_id FROM outbox WHERE operation = 'add-member'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("group_id", real));
    }

    @Test
    void anAdministratorCreatingASecurityGroupIsNotMadeItsOwner() throws Exception { // spec P table
        ActionResult r = actions().groups().createGroup(person("bob"), GroupKind.SECURITY, "App Ledger Users", null,
                Optional.empty(), List.of("dave"));

        assertThat(r.allowed()).isTrue();
        assertThat(actions().memberships().owners(r.groupId().orElseThrow())).extracting(MembershipEntry::dn)
                .containsExactly("uid=dave,ou=people,dc=example,dc=com");
    }

    @Test
    void namesWithLdapSpecialCharactersAndNonAsciiAreEscapedIntoTheDn() throws Exception { // issue 3 bad input
        ActionResult r = actions().groups().createGroup(person("heidi"), GroupKind.UNIFIED, "R&D *()\\,+\"<>; Zürich",
                null, Optional.empty(), List.of());

        assertThat(r.allowed()).as(r.message()).isTrue();
        String dn = (String) outbox().get(0).get("group_dn");
        assertThat(dn).isEqualTo("cn=R&D *()\\\\\\,\\+\\\"\\<\\>\\; Zürich,ou=groups,dc=example,dc=com");
        assertThat(new com.unboundid.ldap.sdk.DN(dn).getRDN().getAttributeValues()[0])
                .isEqualTo("R&D *()\\,+\"<>; Zürich");
    }

    @Test
    void blankOverlongControlCharacterAndDuplicateNamesAreRefusedAndChangeNothing() throws Exception {
        SelfService a = actions();
        Actor heidi = person("heidi");

        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "   ", null, Optional.empty(),
                List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "x".repeat(65), null,
                Optional.empty(),
                List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "bad\u0007name", null,
                Optional.empty(),
                List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("control characters");
        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "finance team", null,
                Optional.empty(),
                List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> a.groups().createGroup(heidi, GroupKind.SECURITY, "Fine", null, Optional.empty(),
                List.of("nobody-here"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("no person");

        assertThat(outbox()).isEmpty();
        assertThat(audit()).isEmpty();
        assertThat(rows("SELECT id FROM directory_group WHERE name = 'Fine'")).isEmpty();
    }

    @Test
    void joiningAnOpenGroupIsAutoApprovedAndQueuesAnAddMember() throws Exception { // spec P1, R6
        SelfService a = actions();
        ActionResult r = a.memberships().join(person("mallory"), groupId("Project Phoenix"), "");

        assertThat(r.allowed()).isTrue();
        assertThat(r.rule()).isEqualTo("P1");
        assertThat(rows("SELECT state, decided_by FROM join_request")).singleElement()
                .satisfies(q -> assertThat(q).containsEntry("state", "approved").containsEntry("decided_by",
                        "groupbridge"));
        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("operation", "add-member")
                .containsEntry("value_dn", "uid=mallory,ou=people,dc=example,dc=com")
                .containsEntry("request_id", r.requestId().orElseThrow()));
        // R6: listed, but as pending write-back, not as a directory member.
        assertThat(a.memberships().members(person("grace"), groupId("Project Phoenix")).items())
                .contains(new MembershipEntry("uid=mallory,ou=people,dc=example,dc=com",
                        "pending write-back (outbox " + outbox().get(0).get("id") + ")"));
    }

    @Test
    void joiningAgainWhileTheWriteBackIsPendingIsRefusedAsAlreadyAMember() throws Exception { // spec R5
        SelfService a = actions();
        a.memberships().join(person("mallory"), groupId("Project Phoenix"), "");

        ActionResult again = a.memberships().join(person("mallory"), groupId("Project Phoenix"), "");
        ActionResult heidi = a.memberships().join(person("heidi"), groupId("Project Phoenix"), "");

        assertThat(again.allowed()).isFalse();
        assertThat(again.message()).contains("already a member", "(spec R5)");
        assertThat(heidi.rule()).isEqualTo("R5");
        assertThat(outbox()).hasSize(1);
    }

    @Test
    void anOwnersOnlyGroupRefusesJoinsNamingP3() throws Exception { // spec P3
        ActionResult r = actions().memberships().join(person("heidi"), groupId("Finance Team"), "");

        assertThat(r.allowed()).isFalse();
        assertThat(r.message()).isEqualTo("only the owners of this group can add members (spec P3)");
        assertThat(audit()).singleElement().satisfies(e -> assertThat(e).containsEntry("outcome", "refused")
                .containsEntry("decided_rule", "P3").containsEntry("action_name", "join"));
    }

    @Test
    void aRequestNeedsAJustificationWaitsForAnOwnerAndTellsTheOwners() throws Exception { // spec P2, R7
        SelfService a = actions();
        payrollTakesRequests(a);

        ActionResult blank = a.memberships().join(person("heidi"), groupId("App Payroll Users"), "  ");
        long id = requestTo(a, "App Payroll Users", "heidi");

        assertThat(blank.allowed()).isFalse();
        assertThat(blank.rule()).isEqualTo("P2");
        assertThat(rows("SELECT state, justification FROM join_request")).singleElement()
                .satisfies(q -> assertThat(q).containsEntry("state", "pending"));
        assertThat(outbox()).isEmpty();
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.REQUESTED);
            assertThat(n.requestId()).isEqualTo(id);
            assertThat(n.recipients()).containsExactly("uid=dave,ou=people,dc=example,dc=com");
        });
        // One open request per group and user: asking again returns the same request.
        assertThat(a.memberships().join(person("heidi"), groupId("App Payroll Users"), "again").requestId())
                .contains(id);
        assertThat(rows("SELECT id FROM join_request")).hasSize(1);
    }

    @Test
    void theFirstDecisionWinsAndRepeatingItChangesNothing() throws Exception { // spec R1, R6, R7
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");

        ActionResult approved = a.requests().decide(person("dave"), id, true, null);
        ActionResult again = a.requests().decide(person("dave"), id, true, null);
        ActionResult denied = a.requests().decide(person("bob"), id, false, "too late");

        assertThat(approved.allowed()).isTrue();
        assertThat(approved.outboxIds()).hasSize(1);
        assertThat(again.allowed()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.message()).contains("already approved", "(spec R1)");
        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row).containsEntry("operation", "add-member")
                .containsEntry("value_dn", "uid=heidi,ou=people,dc=example,dc=com").containsEntry("request_id", id));
        assertThat(rows("SELECT state, decided_by FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("state", "approved").containsEntry("decided_by",
                        "uid=dave,ou=people,dc=example,dc=com"));
        assertThat(sent).extracting(Notification::event)
                .containsExactly(Notification.Event.REQUESTED, Notification.Event.APPROVED);
    }

    @Test
    void aDenialNeedsAReasonAndIsStoredWithIt() throws Exception { // spec R1
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");

        assertThatThrownBy(() -> a.requests().decide(person("dave"), id, false, " "))
                .isInstanceOf(InvalidInputException.class);
        ActionResult denied = a.requests().decide(person("dave"), id, false, "engineers do not run payroll");

        assertThat(denied.allowed()).isTrue();
        assertThat(rows("SELECT state, reason FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("state", "denied").containsEntry("reason", "engineers do not run payroll"));
        assertThat(outbox()).isEmpty();
    }

    @Test
    void onlyTheRequesterCancelsTheirRequest() throws Exception { // spec R2
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");

        ActionResult byOther = a.requests().cancelRequest(person("ivan"), id);
        ActionResult byRequester = a.requests().cancelRequest(person("heidi"), id);

        assertThat(byOther.allowed()).isFalse();
        assertThat(byOther.rule()).isEqualTo("R2");
        assertThat(byRequester.allowed()).isTrue();
        assertThat(rows("SELECT state FROM join_request")).singleElement()
                .satisfies(q -> assertThat(q).containsEntry("state", "cancelled"));
    }

    @Test
    void pendingRequestsExpireAfterTheConfiguredTime() throws Exception { // spec R4
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");

        clock.advance(Duration.ofDays(29));
        assertThat(a.requests().expireRequests()).isZero();
        clock.advance(Duration.ofDays(1));
        assertThat(a.requests().expireRequests()).isEqualTo(1);

        assertThat(rows("SELECT state FROM join_request WHERE id = " + id)).singleElement()
                .satisfies(q -> assertThat(q).containsEntry("state", "expired"));
        assertThat(a.requests().decide(person("dave"), id, true, null).rule()).isEqualTo("R1");
        assertThat(sent).extracting(Notification::event).contains(Notification.Event.EXPIRED);
    }

    @Test
    void leavingOwnerApprovalCancelsPendingRequests() throws Exception { // spec P5
        SelfService a = actions();
        payrollTakesRequests(a);
        requestTo(a, "App Payroll Users", "heidi");

        ActionResult r = a.groups().editGroup(person("dave"), groupId("App Payroll Users"), Optional.empty(),
                Optional.empty(),
                Optional.of(JoinPolicy.OPEN));

        assertThat(r.allowed()).isTrue();
        assertThat(rows("SELECT state, reason FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("state", "cancelled").containsEntry("reason", "policy changed"));
        assertThat(rows("SELECT policy FROM directory_group WHERE name = 'App Payroll Users'")).singleElement()
                .satisfies(g -> assertThat(g).containsEntry("policy", "open"));
    }

    @Test
    void withoutS1OwnersCannotDecideAndOwnerApprovalGroupsTakeNoRequests() throws Exception { // spec S1
        SelfService on = actions();
        payrollTakesRequests(on);
        long id = requestTo(on, "App Payroll Users", "heidi");
        SelfService off = actions(s -> s.withOwnersCanManageJoinRequests(false));

        assertThat(off.requests().decide(person("dave"), id, true, null).rule()).isEqualTo("S1");
        assertThat(off.memberships().join(person("ivan"), groupId("App Payroll Users"), "please").rule())
                .isEqualTo("S1");
        assertThat(off.requests().decide(person("bob"), id, true, null).allowed()).isTrue();
    }

    @Test
    void withoutThePremiumLicenceNobodyRequestsOrDecides() throws Exception { // spec L1, L3
        SelfService a = actions();
        payrollTakesRequests(a);

        ActionResult mallory = a.memberships().join(person("mallory"), groupId("App Payroll Users"), "contract work");

        assertThat(mallory.allowed()).isFalse();
        assertThat(mallory.rule()).isEqualTo("L1");
        assertThat(rows("SELECT id FROM join_request")).isEmpty();
    }

    /**
     * Issue 15, finding 4: the audit log names what was asked. Mallory's refused request was recorded as a join, so
     * an owner reading the log could not tell a request from an attempt to walk into the group.
     */
    @Test
    void theAuditNamesARefusedRequestARequestAndAJoinAJoin() throws Exception { // spec A3, L1, P3, R7
        SelfService a = actions();
        payrollTakesRequests(a);

        a.memberships().join(person("mallory"), groupId("App Payroll Users"), "contract work");
        a.memberships().join(person("heidi"), groupId("Finance Team"), "");
        a.memberships().join(person("mallory"), groupId("Project Phoenix"), "I am on the project");

        assertThat(rows("SELECT actor_dn, action_name, outcome, decided_rule FROM audit_event"
                + " WHERE action_name IN ('join', 'request') ORDER BY id")).containsExactly(
                Map.of("actor_dn", "uid=mallory,ou=people,dc=example,dc=com", "action_name", "request",
                        "outcome", "refused", "decided_rule", "L1"),
                Map.of("actor_dn", "uid=heidi,ou=people,dc=example,dc=com", "action_name", "join",
                        "outcome", "refused", "decided_rule", "P3"),
                Map.of("actor_dn", "uid=mallory,ou=people,dc=example,dc=com", "action_name", "request",
                        "outcome", "allowed", "decided_rule", "P1"));
    }

    @Test
    void creationSettingsLimitUsersButNotAdministrators() throws Exception { // spec S3, S4, S5, S10
        SelfService a = actions(s -> s.withUsersCanCreateSecurityGroups(false)
                .withUsersCanCreateUnifiedGroups(false));

        assertThat(a.groups().createGroup(person("heidi"), GroupKind.SECURITY, "Lab", null, Optional.empty(), List.of())
                .rule())
                .isEqualTo("S3");
        assertThat(a.groups().createGroup(person("heidi"), GroupKind.UNIFIED, "Lab", null, Optional.empty(), List.of())
                .rule())
                .isEqualTo("S5");
        assertThat(a.groups().createGroup(person("judy"), GroupKind.UNIFIED, "Sales Space", null, Optional.empty(),
                List.of()).allowed()).isTrue();
        assertThat(a.groups().createGroup(person("bob"), GroupKind.SECURITY, "Lab", null, Optional.empty(),
                List.of("ivan"))
                .allowed()).isTrue();
        assertThat(a.groups().createGroup(person("mallory"), GroupKind.UNIFIED, "Secret", null,
                Optional.of(JoinPolicy.OWNER_APPROVAL), List.of()).rule()).isEqualTo("S5");
    }

    @Test
    void ownerAssignmentDecidesWhichOwnersAddOwners() throws Exception { // spec S6, A9
        SelfService none = actions(s -> s.withOwnerAssignment(OwnerAssignment.NONE, java.util.Set.of()));
        String phoenix = groupId("Project Phoenix");

        assertThat(none.memberships().addOwner(person("grace"), phoenix, "heidi").rule()).isEqualTo("S6");
        ActionResult byAdmin = none.memberships().addOwner(person("bob"), phoenix, "heidi");
        assertThat(byAdmin.allowed()).isTrue();
        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row).containsEntry("operation", "add-owner")
                .containsEntry("value_dn", "uid=heidi,ou=people,dc=example,dc=com"));
        assertThat(actions().memberships().addOwner(person("grace"), phoenix, "mallory").rule()).isEqualTo("A9");
    }

    @Test
    void ownersNeverRemoveTheLastOwner() throws Exception { // spec A10
        SelfService a = actions();
        String phoenix = groupId("Project Phoenix");

        assertThat(a.memberships().removeOwner(person("grace"), phoenix, "dave").allowed()).isTrue();
        ActionResult last = a.memberships().removeOwner(person("grace"), phoenix, "grace");

        assertThat(last.allowed()).isFalse();
        assertThat(last.message()).contains("at least one owner", "(spec A10)");
        assertThat(outbox()).extracting(row -> row.get("operation")).containsExactly("remove-owner");
    }

    @Test
    void ownersAddAndRemoveMembersThroughTheOutbox() throws Exception { // spec A5, W1
        SelfService a = actions();
        String payroll = groupId("App Payroll Users");

        assertThat(a.memberships().addMember(person("dave"), payroll, "heidi@example.com").allowed()).isTrue();
        assertThat(a.memberships().addMember(person("dave"), payroll, "heidi").changed()).isFalse();
        // Login and mail are matched ignoring case, through their stored lower-case keys (issue 13).
        assertThat(a.memberships().addMember(person("dave"), payroll, "HEIDI@Example.COM").changed()).isFalse();
        assertThat(a.memberships().addMember(person("dave"), payroll, "Heidi").changed()).isFalse();
        assertThat(a.memberships().removeMember(person("dave"), payroll, "uid=erin,ou=people,dc=example,dc=com")
                .allowed()).isTrue();
        assertThat(a.memberships().addMember(person("erin"), payroll, "ivan").rule()).isEqualTo("A5");

        assertThat(outbox()).extracting(row -> row.get("operation") + " " + row.get("value_dn")).containsExactly(
                "add-member uid=heidi,ou=people,dc=example,dc=com",
                        "remove-member uid=erin,ou=people,dc=example,dc=com");
    }

    /** Issue 10, finding 5: with S1 off, an owner's add of a requester is refused as their approval would be. */
    @Test
    void anOwnerWhoMayNotDecideCannotApproveARequestByAddingTheRequester() throws Exception { // spec S1, A4
        SelfService on = actions();
        payrollTakesRequests(on);
        long id = requestTo(on, "App Payroll Users", "heidi");
        SelfService off = actions(s -> s.withOwnersCanManageJoinRequests(false));
        String approval = off.requests().decide(person("dave"), id, true, null).message();

        ActionResult added = off.memberships().addMember(person("dave"), groupId("App Payroll Users"), "heidi");

        assertThat(added.allowed()).isFalse();
        assertThat(added.rule()).isEqualTo("S1");
        assertThat(added.message()).isEqualTo(approval);
        assertRequestStillPendingAndNothingQueued(id);
        assertThat(audit()).last().satisfies(e -> assertThat(e).containsEntry("action_name", "add-member")
                .containsEntry("outcome", "refused").containsEntry("decided_rule", "S1"));
    }

    /** Issue 10, finding 5: an owner without the premium licence cannot approve a request by adding the requester. */
    @Test
    void anOwnerWithoutTheLicenceCannotApproveARequestByAddingTheRequester() throws Exception { // spec L3, A4
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");
        SelfService daveUnlicensed = actions(s -> s.withPremiumLicense(
                PremiumLicense.group("cn=book club,ou=groups,dc=example,dc=com")));
        String approval = daveUnlicensed.requests().decide(person("dave"), id, true, null).message();

        ActionResult added = daveUnlicensed.memberships().addMember(person("dave"), groupId("App Payroll Users"),
                "heidi");

        assertThat(added.allowed()).isFalse();
        assertThat(added.rule()).isEqualTo("L3");
        assertThat(added.message()).isEqualTo(approval).contains("(spec L3)");
        assertRequestStillPendingAndNothingQueued(id);
        assertThat(daveUnlicensed.memberships().addMember(person("dave"), groupId("App Payroll Users"), "ivan")
                .allowed())
                .as("no request, so a plain A5 add").isTrue();
    }

    /** Issue 10, finding 5: an administrator's add approves the request, audited as a decision and told (R7). */
    @Test
    void anAdministratorAddingARequesterApprovesTheRequestAuditedAndNotified() throws Exception { // spec A4, R7
        SelfService on = actions();
        payrollTakesRequests(on);
        long id = requestTo(on, "App Payroll Users", "heidi");
        sent.clear();
        SelfService off = actions(s -> s.withOwnersCanManageJoinRequests(false));

        ActionResult added = off.memberships().addMember(person("bob"), groupId("App Payroll Users"), "heidi");

        assertThat(added.allowed()).as(added.message()).isTrue();
        assertThat(added.requestId()).contains(id);
        assertThat(added.message()).contains("approves their request " + id);
        assertThat(rows("SELECT state, decided_by FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("state", "approved").containsEntry("decided_by", "uid=bob,ou=people,dc=example,dc=com"));
        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row).containsEntry("operation", "add-member")
                .containsEntry("value_dn", "uid=heidi,ou=people,dc=example,dc=com").containsEntry("request_id", id));
        assertThat(audit()).extracting(e -> e.get("action_name") + " " + e.get("outcome") + " " + e.get("decided_rule"))
                .endsWith("approve allowed A4", "add-member allowed A5");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.APPROVED);
            assertThat(n.requestId()).isEqualTo(id);
            assertThat(n.recipients()).containsExactly("uid=heidi,ou=people,dc=example,dc=com");
        });
    }

    private void assertRequestStillPendingAndNothingQueued(long id) {
        assertThat(rows("SELECT id, state FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("id", id).containsEntry("state", "pending"));
        assertThat(outbox()).isEmpty();
    }

    @Test
    void membersLeaveExceptFromDynamicGroups() throws Exception { // spec A6, G5
        SelfService a = actions();

        assertThat(a.memberships().leave(person("erin"), groupId("App Payroll Users")).allowed()).isTrue();
        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("operation", "remove-member").containsEntry("value_dn",
                        "uid=erin,ou=people,dc=example,dc=com"));
        assertThatThrownBy(() -> a.memberships().leave(person("heidi"), groupId("App Payroll Users")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a member");
    }

    @Test
    void onlyAdministratorsDeleteAndPendingRequestsAreCancelled() throws Exception { // spec A11, R3
        SelfService a = actions();
        payrollTakesRequests(a);
        requestTo(a, "App Payroll Users", "heidi");
        String payroll = groupId("App Payroll Users");

        assertThat(a.groups().deleteGroup(person("dave"), payroll).rule()).isEqualTo("A11");
        assertThat(a.groups().deleteGroup(person("alice"), payroll).allowed()).isTrue();

        assertThat(outbox()).extracting(row -> row.get("operation")).containsExactly("delete-group");
        assertThat(rows("SELECT state, reason FROM join_request")).singleElement().satisfies(q -> assertThat(q)
                .containsEntry("state", "cancelled").containsEntry("reason", "group deleted"));
        assertThatThrownBy(() -> a.memberships().join(person("ivan"), payroll, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("being deleted");
    }

    @Test
    void aBlockedPersonIsRemovedAndCannotRequestOrBeAddedByOwners() throws Exception { // spec A12
        SelfService a = actions();
        payrollTakesRequests(a);
        String payroll = groupId("App Payroll Users");

        assertThat(a.groups().block(person("dave"), payroll, "erin").rule()).isEqualTo("A12");
        assertThat(a.groups().block(person("bob"), payroll, "erin").allowed()).isTrue();

        assertThat(outbox()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("operation", "remove-member").containsEntry("value_dn",
                        "uid=erin,ou=people,dc=example,dc=com"));
        ActionResult request = a.memberships().join(person("erin"), payroll, "let me back in");
        assertThat(request.allowed()).isFalse();
        assertThat(request.rule()).isEqualTo("A12");
        assertThat(a.memberships().addMember(person("dave"), payroll, "erin").rule()).isEqualTo("A12");
        assertThat(rows("SELECT person_dn FROM group_block")).hasSize(1);
    }

    @Test
    void anOwnerOfOneGroupNeitherSeesNorChangesAnotherGroupsRequestsOrMembers() throws Exception { // spec A14, A2
        SelfService a = actions();
        payrollTakesRequests(a);
        long id = requestTo(a, "App Payroll Users", "heidi");
        Actor grace = person("grace"); // owns Finance Team, not App Payroll Users
        String payroll = groupId("App Payroll Users");

        assertThat(a.requests().requests(grace, payroll, true).refusal()).get().extracting(Decision::rule)
                .isEqualTo("A14");
        assertThat(a.requests().requests(grace, null, true).items()).extracting(JoinRequest::id).doesNotContain(id);
        assertThat(a.memberships().members(grace, payroll).refusal()).get().extracting(Decision::rule).isEqualTo("A2");
        assertThat(a.requests().decide(grace, id, true, null).rule()).isEqualTo("A4");
        assertThat(a.memberships().addMember(grace, payroll, "ivan").rule()).isEqualTo("A5");
        assertThat(a.requests().requests(person("dave"), null, true).items()).extracting(JoinRequest::id)
                .containsExactly(id);
        assertThat(a.requests().requests(person("alice"), null, true).items()).extracting(JoinRequest::id)
                .containsExactly(id);
        assertThat(outbox()).isEmpty();
    }

    @Test
    void theAuditLogIsScopedByRole() throws Exception { // spec A13, S8
        SelfService a = actions();
        a.memberships().join(person("mallory"), groupId("Project Phoenix"), "");
        a.memberships().join(person("heidi"), groupId("Finance Team"), "");

        assertThat(a.views().audit(person("mallory"), null, null, 100).items()).extracting(AuditRecord::actorDn)
                .containsOnly("uid=mallory,ou=people,dc=example,dc=com");
        assertThat(a.views().audit(person("grace"), groupId("Project Phoenix"), null, 100).items()).hasSize(1);
        assertThat(a.views().audit(person("mallory"), groupId("Project Phoenix"), null, 100).refusal()).isPresent();
        assertThat(a.views().audit(person("alice"), null, null, 100).items()).extracting(AuditRecord::action)
                .contains("join", "view-audit");
        assertThat(a.views().audit(person("alice"), null, clock.instant().plusSeconds(1), 100).items()).isEmpty();
    }

    @Test
    void actorsGetRolesAndLicenceFromNestedMembership() throws Exception { // spec A, S7, S10
        Actor erin = person("erin");
        Actor alice = person("alice");

        assertThat(erin.roles()).isEmpty();
        // erin is in Finance Team, which App Payroll Users nests: nested membership counts.
        assertThat(erin.groupDns()).contains("cn=finance team,ou=groups,dc=example,dc=com",
                "cn=app payroll users,ou=groups,dc=example,dc=com", "cn=premium licensed,ou=groups,dc=example,dc=com");
        assertThat(alice.roles()).contains(AdminRole.GLOBAL_ADMINISTRATOR);
        assertThat(person("bob").roles()).containsExactly(AdminRole.GROUPS_ADMINISTRATOR);
        assertThat(wiring.signIn().servicePrincipal("automation").isServicePrincipal()).isTrue();
    }

    @Test
    void wrongPasswordsAndUnknownUsersFailAlikeAndAreCounted() throws Exception { // spec A16
        SelfServiceStore store = app.store().selfServiceStore();

        assertThat(person("dave").dn()).isEqualTo("uid=dave,ou=people,dc=example,dc=com");
        assertThat(person("dave@example.com").dn()).isEqualTo("uid=dave,ou=people,dc=example,dc=com");
        assertThatThrownBy(() -> wiring.signIn().person("dave", "wrong".toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThatThrownBy(() -> wiring.signIn().person("nobody", PASSWORD.toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThatThrownBy(() -> wiring.signIn().person("dave", new char[0])).isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> wiring.signIn().person("*", PASSWORD.toCharArray()))
                .isInstanceOf(SignInException.class);
        assertThatThrownBy(() -> wiring.signIn().servicePrincipal("root")).isInstanceOf(SignInException.class);

        assertThat(store.failedSignIns("person:dave")).isEqualTo(2);
        assertThat(store.failedSignIns("person:nobody")).isEqualTo(1);
        assertThat(store.failedSignIns("person:*")).isEqualTo(1);
    }

    /**
     * Issue 12, point 2: failed sign-ins were counted and nothing locked out. Five failures in a row lock the login
     * out for a quarter hour after the last one: the right password then fails alike, whether or not the account
     * exists; the lock ends on its own, and a successful sign-in clears the count.
     */
    @Test
    void fiveFailuresInARowLockTheLoginOutForAQuarterHour() throws Exception { // spec A16
        SelfServiceStore store = app.store().selfServiceStore();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> wiring.signIn().person("dave", "wrong".toCharArray()))
                    .isInstanceOf(SignInException.class);
            assertThatThrownBy(() -> wiring.signIn().person("nobody", "wrong".toCharArray()))
                    .isInstanceOf(SignInException.class);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThatThrownBy(() -> person("dave")).isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThatThrownBy(() -> wiring.signIn().person("nobody", PASSWORD.toCharArray()))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThat(person("erin").dn()).as("other logins are not locked").startsWith("uid=erin,");
        // The last failure was four minutes after the first; a minute has passed since.
        clock.advance(Duration.ofMinutes(13));
        assertThatThrownBy(() -> person("dave")).isInstanceOf(SignInException.class);

        clock.advance(Duration.ofMinutes(1));
        assertThat(person("dave").dn()).isEqualTo("uid=dave,ou=people,dc=example,dc=com");
        assertThat(store.failedSignIns("person:dave")).isZero();
    }

    /*
     * Failures were counted under the login as typed, and a service principal's under "service-principal:NAME": a
     * person typing that as a login locked the service principal out.
     */
    @Test
    void aLoginTypedLikeAServicePrincipalsCounterDoesNotLockItOut() throws Exception { // spec A16
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> wiring.signIn().person("service-principal:automation", "x".toCharArray()))
                    .isInstanceOf(SignInException.class);
        }
        assertThat(wiring.signIn().servicePrincipal("automation").isServicePrincipal()).isTrue();
    }

    /*
     * Issue 12, point 2: one address guessing across many logins. After five failures it waits a second, doubling
     * with each failure; after twenty it is locked out for a quarter hour. The answer is the same as for a wrong
     * password, the right password included, and other addresses and the accounts themselves stay open.
     */
    @Test
    void oneAddressBacksOffThenIsLockedOutWithoutLockingTheAccounts() throws Exception { // spec A16
        Optional<String> attacker = Optional.of("192.0.2.7");
        for (int i = 0; i < 5; i++) {
            String login = "guess" + i;
            assertThatThrownBy(() -> wiring.signIn().person(login, "x".toCharArray(), attacker))
                    .isInstanceOf(SignInException.class);
        }
        // Sixth attempt at once: held by the back-off even with erin's right password, and not counted against erin.
        assertThatThrownBy(() -> wiring.signIn().person("erin", PASSWORD.toCharArray(), attacker))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThat(wiring.signIn().person("erin", PASSWORD.toCharArray(), Optional.of("198.51.100.1")).dn())
                .as("another address").startsWith("uid=erin,");
        clock.advance(Duration.ofSeconds(1));
        assertThat(wiring.signIn().person("erin", PASSWORD.toCharArray(), attacker).dn())
                .as("after the back-off").startsWith("uid=erin,");

        for (int i = 5; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            String login = "guess" + i;
            assertThatThrownBy(() -> wiring.signIn().person(login, "x".toCharArray(), attacker))
                    .isInstanceOf(SignInException.class);
        }
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> wiring.signIn().person("erin", PASSWORD.toCharArray(), attacker))
                .as("locked out").isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThat(person("erin").dn()).as("the account itself").startsWith("uid=erin,");
        clock.advance(Duration.ofMinutes(13));
        assertThat(wiring.signIn().person("erin", PASSWORD.toCharArray(), attacker).dn())
                .as("a quarter hour after the last failure").startsWith("uid=erin,");
    }

    @Test
    void aServicePrincipalSignsInWithItsPasswordOrItsTokenAndNothingElse() throws Exception { // spec A16, S9
        String token = "tok-" + "a".repeat(40);
        String hash = java.util.HexFormat.of().formatHex(SignIn.sha256(token));
        String conf = java.nio.file.Files.readString(testHome.confFile());
        assertThat(conf).contains("    password: automation-secret\n");
        java.nio.file.Files.writeString(testHome.confFile(), conf.replace("    password: automation-secret\n",
                "    password: automation-secret\n    apiTokenSha256: " + hash.toUpperCase(java.util.Locale.ROOT) + "\n"));
        io.groupbridge.config.GroupbridgeConfig withHash = testHome.config();
        SelfServiceSource withToken = app.selfService(() -> withHash, () -> { });
        Optional<String> from = Optional.of("127.0.0.1");
        assertThat(withToken.signIn().bearer(token, from).dn()).isEqualTo("cn=automation,ou=services,dc=example,dc=com");
        assertThat(withToken.signIn().bearer(token, from).isServicePrincipal()).isTrue();
        assertThatThrownBy(() -> withToken.signIn().bearer(token + "x", from)).isInstanceOf(SignInException.class)
                .hasMessage("invalid credentials");
        assertThatThrownBy(() -> withToken.signIn().bearer(hash, from)).as("the hash is not the token")
                .isInstanceOf(SignInException.class);
        assertThat(withToken.signIn().servicePrincipal("automation", "automation-secret".toCharArray(), from)
                .isServicePrincipal()).isTrue();
        assertThatThrownBy(() -> withToken.signIn().servicePrincipal("automation", "wrong".toCharArray(), from))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
        assertThatThrownBy(() -> withToken.signIn().servicePrincipal("nobody", "x".toCharArray(), from))
                .isInstanceOf(SignInException.class).hasMessage("invalid credentials");
    }

    @Test
    void failuresFarApartNeverLockALoginOut() throws Exception { // spec A16
        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(() -> wiring.signIn().person("dave", "wrong".toCharArray()))
                    .isInstanceOf(SignInException.class);
            clock.advance(Duration.ofMinutes(20));
        }

        assertThat(person("dave").dn()).isEqualTo("uid=dave,ou=people,dc=example,dc=com");
    }

    private static final class Recording implements NotificationSink {
        private final List<Notification> sent;

        Recording(List<Notification> sent) {
            this.sent = sent;
        }

        @Override
        public void send(Notification notification) {
            sent.add(notification);
        }

        @Override
        public void close() {
        }
    }
}
