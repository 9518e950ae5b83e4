package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's routes for creating, editing, deleting and blocking, the search's filters, the audit log, the settings
 * and the status (issue 12, point 1): each for an actor the rules allow and one they refuse, through the same
 * self-service services as the command line, every request and answer held to {@code web/openapi.yaml}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAdminApiTest {

    @TempDir
    static Path dir;

    private WebHarness h;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir);
        // Its owner makes Project Phoenix ask for approval, through the same service the API calls (spec A8).
        Actor grace = h.wiring.actions().views().actorFor("uid=grace" + WebHarness.PEOPLE, ActorKind.PERSON);
        ActionResult edited = h.wiring.actions().groups().editGroup(grace, h.groupId("Project Phoenix"), Optional.empty(),
                Optional.empty(), Optional.of(JoinPolicy.OWNER_APPROVAL));
        assertThat(edited.allowed()).as(edited.message()).isTrue();
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    // spec A7, S5, L2
    @Test
    void aLicensedEmployeeCreatesAnOwnerApprovalGroupAndOneWithoutTheRightIsRefusedNamingTheRule() {
        WebHarness.Client erin = h.signIn("erin");
        WebHarness.Exchange created = erin.post("/api/v1/groups", Map.of("displayName", "Erin's Reviewers",
                "description", "code review rota", "securityEnabled", true, "mailEnabled", false,
                "joinPolicy", "owner-approval"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("groupId").asText();
        assertThat(created.header("Location")).contains("/api/v1/groups/" + id);
        assertThat(created.json().path("writeBack").asText()).isEqualTo("pending");
        JsonNode group = erin.get("/api/v1/groups/" + id).json();
        assertThat(group.path("group").path("joinPolicy").asText()).isEqualTo("owner-approval");
        assertThat(group.path("group").path("kind").asText()).isEqualTo("security");
        assertThat(group.path("group").path("description").asText()).isEqualTo("code review rota");

        WebHarness.Exchange unified = erin.post("/api/v1/groups", Map.of("displayName", "Erin's Newsletter",
                "groupTypes", List.of("Unified"), "mailEnabled", true));
        assertThat(unified.status()).as(unified.body()).isEqualTo(201);
        assertThat(erin.get("/api/v1/groups/" + unified.json().path("groupId").asText()).json().path("group")
                .path("groupTypes").toString()).isEqualTo("[\"Unified\"]");
        WebHarness.Exchange ownerApproval = h.signIn("frank").post("/api/v1/groups", Map.of("displayName",
                "Frank's Club", "joinPolicy", "owner-approval"));
        assertThat(ownerApproval.status()).as(ownerApproval.body()).isEqualTo(403);
        assertThat(ownerApproval.json().path("rule").asText()).isEqualTo("L2");
        assertThat(h.groupCount("Frank's")).isZero();
    }

    @Test
    void flagsThatMakeNoKindAndFieldsOfTheWrongTypeAreBadInputAndCreateNothing() {
        WebHarness.Client erin = h.signIn("erin").unchecked();
        WebHarness.Exchange noKind = erin.post("/api/v1/groups", Map.of("displayName", "Nothing Group",
                "securityEnabled", false));
        assertThat(noKind.status()).isEqualTo(400);
        assertThat(noKind.code()).isEqualTo("invalid-field");
        assertThat(noKind.json().path("detail").asText()).contains("securityEnabled");
        WebHarness.Exchange dynamic = erin.post("/api/v1/groups", Map.of("displayName", "Nothing Group",
                "groupTypes", List.of("DynamicMembership")));
        assertThat(dynamic.status()).isEqualTo(400);
        assertThat(dynamic.json().path("detail").asText()).contains("groupTypes", "DynamicMembership");
        WebHarness.Exchange wrongType = erin.post("/api/v1/groups", Map.of("displayName", "Nothing Group",
                "securityEnabled", "yes"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("detail").asText()).contains("true or false");
        WebHarness.Exchange noName = erin.post("/api/v1/groups", Map.of("securityEnabled", true));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.code()).isEqualTo("field-required");
        WebHarness.Exchange badPolicy = erin.post("/api/v1/groups", Map.of("displayName", "Nothing Group",
                "joinPolicy", "anyone"));
        assertThat(badPolicy.status()).isEqualTo(400);
        WebHarness.Exchange taken = h.signIn("erin").post("/api/v1/groups", Map.of("displayName", "finance team"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("name-taken");
        assertThat(h.groupCount("Nothing Group")).isZero();
    }

    // spec A8, P5
    @Test
    void anOwnerChangesThePolicyAtOnceAndOthersCannot() {
        String engineering = h.groupId("App Payroll Users");
        WebHarness.Client grace = h.signIn("dave");
        WebHarness.Exchange edited = grace.patch("/api/v1/groups/" + engineering, Map.of("joinPolicy",
                "owners-only"));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(grace.get("/api/v1/groups/" + engineering).json().path("group").path("joinPolicy").asText())
                .isEqualTo("owners-only");
        WebHarness.Exchange byNiaj = h.signIn("niaj").patch("/api/v1/groups/" + engineering, Map.of("joinPolicy",
                "open"));
        assertThat(byNiaj.status()).isEqualTo(403);
        assertThat(byNiaj.json().path("rule").asText()).isEqualTo("A8");
        WebHarness.Exchange nothing = grace.patch("/api/v1/groups/" + engineering, Map.of());
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.code()).isEqualTo("nothing-to-change");
        assertThat(h.signIn("niaj").get("/api/v1/groups/" + engineering).json().path("group").path("joinPolicy")
                .asText()).isEqualTo("owners-only");
    }

    // spec A8, R6
    @Test
    void anOwnersRenameShowsAsPendingUntilTheWriteBackAndATakenNameIsAConflict() throws Exception {
        String payroll = h.groupId("App Payroll Users");
        WebHarness.Client dave = h.signIn("dave");
        WebHarness.Exchange taken = dave.patch("/api/v1/groups/" + payroll, Map.of("displayName", "Marketing Crew"));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("name-taken");
        WebHarness.Exchange byNiaj = h.signIn("niaj").patch("/api/v1/groups/" + payroll, Map.of("displayName",
                "Niaj's Payroll"));
        assertThat(byNiaj.status()).isEqualTo(403);
        assertThat(byNiaj.json().path("rule").asText()).isEqualTo("A8");

        WebHarness.Exchange renamed = dave.patch("/api/v1/groups/" + payroll, Map.of("displayName", "Payroll Team"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("writeBack").asText()).isEqualTo("pending");
        JsonNode pending = dave.get("/api/v1/groups/" + payroll).json();
        assertThat(pending.path("group").path("displayName").asText()).isEqualTo("App Payroll Users");
        assertThat(pending.path("pendingRename").path("displayName").asText()).isEqualTo("Payroll Team");
        assertThat(pending.path("pendingRename").path("status").asText()).isEqualTo("pending write-back");

        assertThat(h.app.syncCycle().writeBack().done()).isEqualTo(1);

        JsonNode written = dave.get("/api/v1/groups/" + payroll).json();
        assertThat(written.path("group").path("displayName").asText()).isEqualTo("Payroll Team");
        assertThat(written.path("group").path("dn").asText()).isEqualTo("cn=Payroll Team,ou=groups,dc=example,dc=com");
        assertThat(written.has("pendingRename")).isFalse();

        // Back to its old name for the class's other tests; the old DN is the group's own again.
        assertThat(dave.patch("/api/v1/groups/" + payroll, Map.of("displayName", "App Payroll Users")).status())
                .isEqualTo(200);
        assertThat(h.app.syncCycle().writeBack().done()).isEqualTo(1);
        assertThat(h.groupId("App Payroll Users")).isEqualTo(payroll);
    }

    // spec A11, R3
    @Test
    void anAdministratorDeletesAGroupAndItsOwnerCannot() {
        String marketing = h.groupId("Marketing Crew");
        WebHarness.Exchange byOwner = h.signIn("niaj").delete("/api/v1/groups/" + marketing);
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(byOwner.json().path("rule").asText()).isEqualTo("A11");
        WebHarness.Exchange deleted = h.signIn("alice").delete("/api/v1/groups/" + marketing);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().path("writeBack").asText()).isEqualTo("pending");
        WebHarness.Exchange again = h.signIn("alice").unchecked().delete("/api/v1/groups/" + marketing);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("group-being-deleted");
    }

    // spec A12
    @Test
    void anAdministratorBlocksAPersonWhoCannotJoinThenAndAnOwnerCannotBlock() {
        String wiki = h.groupId("Wiki Editors");
        WebHarness.Exchange byOwner = h.signIn("olivia").post("/api/v1/groups/" + wiki + "/blocked",
                Map.of("person", "mallory"));
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(byOwner.json().path("rule").asText()).isEqualTo("A12");
        WebHarness.Exchange blocked = h.signIn("carol").post("/api/v1/groups/" + wiki + "/blocked",
                Map.of("person", "mallory"));
        assertThat(blocked.status()).as(blocked.body()).isEqualTo(200);
        WebHarness.Exchange join = h.signIn("mallory").post("/api/v1/groups/" + wiki + "/join",
                Map.of("justification", "please"));
        assertThat(join.status()).isEqualTo(403);
        assertThat(join.json().path("rule").asText()).isEqualTo("A12");
        assertThat(names(h.signIn("mallory").get("/api/v1/groups?joinable=true&limit=200"))).doesNotContain(
                "Wiki Editors");

        WebHarness.Exchange liftByOwner = h.signIn("olivia").delete("/api/v1/groups/" + wiki + "/blocked/mallory");
        assertThat(liftByOwner.status()).isEqualTo(403);
        assertThat(liftByOwner.json().path("rule").asText()).isEqualTo("A12");
        WebHarness.Exchange lifted = h.signIn("carol").delete("/api/v1/groups/" + wiki + "/blocked/mallory");
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().path("changed").asBoolean()).isTrue();
        assertThat(names(h.signIn("mallory").get("/api/v1/groups?joinable=true&limit=200"))).contains(
                "Wiki Editors");
        int audited = h.jdbi().withHandle(hd -> hd.createQuery("SELECT COUNT(*) FROM audit_event"
                + " WHERE action_name = 'unblock' AND outcome = 'allowed'").mapTo(Integer.class).one());
        assertThat(audited).isEqualTo(1);
    }

    // spec A1, G, P1-P3, L1
    @Test
    void theSearchFiltersByKindPolicyAndWhatThePersonCanJoin() {
        WebHarness.Client frank = h.signIn("frank");
        JsonNode unified = frank.get("/api/v1/groups?kind=unified&limit=200").json();
        assertThat(unified.path("total").asInt()).isPositive();
        assertThat(values(unified, "kind")).containsOnly("unified");
        JsonNode ownersOnly = frank.get("/api/v1/groups?joinPolicy=owners-only,owner-approval&limit=200").json();
        assertThat(values(ownersOnly, "joinPolicy")).isNotEmpty().doesNotContain("open");

        JsonNode joinable = frank.get("/api/v1/groups?joinable=true&limit=200").json();
        List<String> mine = StreamSupport.stream(frank.get("/api/v1/me/groups").json().path("value").spliterator(),
                false).filter(g -> g.path("member").asBoolean()).map(g -> g.path("group").path("displayName")
                .asText()).toList();
        assertThat(mine).contains("Finance Team");
        assertThat(names(joinable)).isNotEmpty().doesNotContainAnyElementsOf(mine);
        // frank holds no premium licence (L1), so owner-approval groups are not his to ask; open ones are.
        assertThat(values(joinable, "joinPolicy")).containsOnly("open");
        StreamSupport.stream(joinable.path("value").spliterator(), false)
                .forEach(g -> assertThat(g.path("selfService").path("eligible").asBoolean()).isTrue());
        JsonNode forErin = h.signIn("erin").get("/api/v1/groups?joinable=true&limit=200").json();
        assertThat(values(forErin, "joinPolicy")).contains("owner-approval");

        WebHarness.Exchange badKind = frank.unchecked().get("/api/v1/groups?kind=mailbox");
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.json().path("detail").asText()).contains("kind", "security, unified, distribution");
        assertThat(frank.unchecked().get("/api/v1/groups?joinable=maybe").status()).isEqualTo(400);
    }

    // spec A13
    @Test
    void theAuditLogIsPagedAndScopedToWhatEachMayRead() {
        WebHarness.Client peggy = h.signIn("peggy");
        String financeTeam = h.groupId("Finance Team");
        peggy.post("/api/v1/groups/" + financeTeam + "/join", null);
        JsonNode own = peggy.get("/api/v1/audit").json();
        assertThat(values(own.path("value"), "actorDn")).isNotEmpty().containsOnly("uid=peggy" + WebHarness.PEOPLE);
        WebHarness.Exchange notHers = peggy.get("/api/v1/audit?group=" + financeTeam);
        assertThat(notHers.status()).isEqualTo(403);
        assertThat(notHers.json().path("rule").asText()).isEqualTo("A13");
        JsonNode toOwner = h.signIn("grace").get("/api/v1/audit?group=" + financeTeam).json();
        assertThat(values(toOwner.path("value"), "groupId")).containsOnly(financeTeam);

        String vpn = h.groupId("VPN Users");
        for (int i = 0; i < 3; i++) {
            assertThat(peggy.post("/api/v1/groups/" + vpn + "/join", null).status()).isEqualTo(403);
        }
        WebHarness.Client alice = h.signIn("alice");
        JsonNode first = alice.get("/api/v1/audit?limit=2").json();
        JsonNode second = alice.get("/api/v1/audit?limit=2&offset=2").json();
        assertThat(first.path("value").size()).isEqualTo(2);
        assertThat(first.path("more").asBoolean()).isTrue();
        List<Long> ids = new java.util.ArrayList<>(ids(first));
        ids.addAll(ids(second));
        List<Long> together = ids(alice.get("/api/v1/audit?limit=4").json());
        assertThat(ids).isEqualTo(together.subList(0, ids.size()));
        assertThat(alice.unchecked().get("/api/v1/audit?since=yesterday").status()).isEqualTo(400);
        assertThat(alice.unchecked().get("/api/v1/audit?group=no-such-group").status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/audit?since=2999-01-01T00:00:00Z").json().path("value").size()).isZero();
    }

    // spec S1-S8
    @Test
    void anyoneSignedInReadsTheSettingsUnderTheConfsKeysWithTheRulesApart() {
        JsonNode s = h.signIn("frank").get("/api/v1/settings").json();
        assertThat(s.path("settings").path("ownersCanManageJoinRequests").asBoolean()).isTrue();
        assertThat(s.path("settings").path("premiumLicense").asText()).startsWith("cn=premium licensed");
        assertThat(s.path("spec").path("settings").path("ownersCanManageJoinRequests").asText()).isEqualTo("S1");
        assertThat(s.path("spec").path("requests").path("expireAfter").asText()).isEqualTo("R4");
        assertThat(s.path("requests").path("expireAfter").asText()).isEqualTo("PT720H");
        assertThat(s.path("version").asText()).isNotBlank();
        assertThat(h.anonymous().unchecked().get("/api/v1/settings").status()).isEqualTo(401);
    }

    @Test
    void theStatusIsForAdministratorsAndOthersAreRefusedByTheOutboxRule() {
        WebHarness.Exchange status = h.signIn("alice").get("/api/v1/status");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().path("daemon").path("held").asBoolean()).isFalse();
        assertThat(status.json().path("reconciles").has("full")).isTrue();
        assertThat(status.json().path("confPath").asText()).endsWith("groupbridge.yaml");
        WebHarness.Exchange refused = h.signIn("erin").get("/api/v1/status");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("refused");
        assertThat(refused.json().path("detail").asText()).contains("administrators");
    }

    private static List<String> names(WebHarness.Exchange e) {
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        return names(e.json());
    }

    private static List<String> names(JsonNode page) {
        return values(page, "displayName");
    }

    private static List<String> values(JsonNode page, String field) {
        JsonNode items = page.has("value") ? page.path("value") : page;
        return StreamSupport.stream(items.spliterator(), false).map(g -> g.path(field).asText()).toList();
    }

    private static List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.path("value").spliterator(), false).map(r -> r.path("id").asLong()).toList();
    }
}
