package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.ActionResult;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Every API route for an actor the rules allow and one they refuse (issue 12, point 5), signed in as the demo
 * people; each request and answer is held to {@code web/openapi.yaml} by the harness. One server for the class: the
 * tests use different groups or people, so their changes do not meet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebApiTest {

    @TempDir
    static Path dir;

    private WebHarness h;
    private String phoenix;
    private String financeTeam;
    private String bookClub;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir);
        phoenix = h.groupId("Project Phoenix");
        financeTeam = h.groupId("Finance Team");
        bookClub = h.groupId("Book Club");
        // Its owner makes Project Phoenix ask for approval, through the same service the API calls (spec A8).
        Actor grace = h.wiring.actions().views().actorFor("uid=grace" + WebHarness.PEOPLE, ActorKind.PERSON);
        ActionResult edited = h.wiring.actions().groups().editGroup(grace, phoenix, Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OWNER_APPROVAL));
        assertThat(edited.allowed()).as(edited.message()).isTrue();
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    // spec A16
    @Test
    void signInGivesTheUserAndTheTokenAndTheSameRefusalForAnUnknownUserAndAWrongPassword() {
        WebHarness.Client c = h.anonymous();
        WebHarness.Exchange ok = c.post("/api/v1/session", Map.of("login", "alice", "password", "groupbridge-demo"));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().path("user").path("dn").asText()).isEqualTo("uid=alice" + WebHarness.PEOPLE);
        assertThat(ok.json().path("user").path("roles").toString()).contains("global-administrator");
        assertThat(c.get("/api/v1/session").json().path("csrfToken").asText()).isEqualTo(c.csrf);

        WebHarness.Exchange wrong = h.anonymous().post("/api/v1/session", Map.of("login", "alice", "password", "nope"));
        WebHarness.Exchange unknown = h.anonymous().post("/api/v1/session",
                Map.of("login", "nobody-here", "password", "nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("sign-in-failed").isEqualTo(unknown.code());
        assertThat(wrong.json().path("detail")).isEqualTo(unknown.json().path("detail"));
        assertThat(wrong.header("Set-Cookie")).isEmpty();
    }

    @Test
    void signOutEndsTheSession() {
        WebHarness.Client c = h.signIn("peggy");
        String cookie = c.cookie;
        assertThat(c.delete("/api/v1/session").status()).isEqualTo(204);
        WebHarness.Client again = h.anonymous();
        again.cookie = cookie;
        WebHarness.Exchange after = again.get("/api/v1/session");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.code()).isEqualTo("not-signed-in");
    }

    // spec A1
    @Test
    void groupsAreSearchedAndPagedForAnyoneSignedInAndForNobodyElse() {
        WebHarness.Client erin = h.signIn("erin");
        WebHarness.Exchange fin = erin.get("/api/v1/groups?search=FINANCE");
        assertThat(names(fin.json().path("value"))).containsExactly("Finance Alerts", "Finance Team");
        assertThat(fin.json().path("total").asInt()).isEqualTo(2);
        JsonNode team = fin.json().path("value").get(1);
        assertThat(team.path("description").asText()).isEqualTo("Finance department staff");
        assertThat(team.path("securityEnabled").asBoolean()).isTrue();
        assertThat(fin.json().path("value").get(0).path("selfService").path("rule").asText()).isEqualTo("G3");
        WebHarness.Exchange second = erin.get("/api/v1/groups?search=finance&offset=1&limit=1");
        assertThat(names(second.json().path("value"))).containsExactly("Finance Team");
        assertThat(second.json().path("total").asInt()).isEqualTo(2);
        WebHarness.Exchange beyond = erin.get("/api/v1/groups?search=finance&offset=" + Integer.MAX_VALUE);
        assertThat(beyond.status()).as(beyond.body()).isEqualTo(200);
        assertThat(beyond.json().path("value").size()).isZero();
        assertThat(beyond.json().path("total").asInt()).isEqualTo(2);

        WebHarness.Exchange all = erin.get("/api/v1/groups");
        int total = all.json().path("total").asInt();
        assertThat(total).isGreaterThan(10);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < total; offset += 4) {
            WebHarness.Exchange page = erin.get("/api/v1/groups?offset=" + offset + "&limit=4");
            assertThat(page.json().path("value").size()).isLessThanOrEqualTo(4);
            paged.addAll(names(page.json().path("value")));
        }
        assertThat(paged).isEqualTo(names(all.json().path("value"))).hasSize(total);

        WebHarness.Exchange bad = erin.unchecked().get("/api/v1/groups?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("limit");

        WebHarness.Exchange nobody = h.anonymous().unchecked().get("/api/v1/groups");
        assertThat(nobody.status()).isEqualTo(401);
    }

    // spec A2
    @Test
    void aGroupShowsItsMembersToMembersAndOwnersOnly() {
        JsonNode toErin = h.signIn("erin").get("/api/v1/groups/" + financeTeam).json();
        assertThat(dns(toErin.path("members"))).contains("uid=frank" + WebHarness.PEOPLE);
        assertThat(dns(toErin.path("owners"))).containsExactly("uid=grace" + WebHarness.PEOPLE);

        WebHarness.Exchange toNiaj = h.signIn("niaj").get("/api/v1/groups/" + financeTeam);
        assertThat(toNiaj.status()).isEqualTo(200);
        assertThat(toNiaj.json().has("members")).isFalse();
        assertThat(toNiaj.json().path("membersHidden").path("rule").asText()).isEqualTo("A2");

        WebHarness.Exchange unknown = h.signIn("niaj").get("/api/v1/groups/no-such-id");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("no-such-group");
    }

    @Test
    void myGroupsListsMembershipsAndOwnerships() {
        WebHarness.Client grace = h.signIn("grace");
        List<String> all = StreamSupport.stream(grace.get("/api/v1/me/groups").json().path("value").spliterator(),
                false)
                .map(g -> g.path("group").path("displayName").asText()).toList();
        List<String> owned = StreamSupport.stream(grace.get("/api/v1/me/groups?owned=true").json().path("value")
                .spliterator(), false).map(g -> g.path("group").path("displayName").asText()).toList();
        assertThat(all).contains("Finance Team", "VPN Users", "Project Phoenix");
        assertThat(owned).contains("Finance Team", "Project Phoenix").doesNotContain("VPN Users");
        assertThat(h.anonymous().unchecked().get("/api/v1/me/groups").status()).isEqualTo(401);
    }

    // spec A3, P1, P3
    @Test
    void joiningAnOpenGroupIsAllowedAndAnOwnersOnlyGroupRefusedNamingTheRule() {
        WebHarness.Client frank = h.signIn("frank");
        WebHarness.Exchange joined = frank.post("/api/v1/groups/" + bookClub + "/join", null);
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().path("changed").asBoolean()).isTrue();
        assertThat(joined.json().path("writeBack").asText()).isEqualTo("pending");

        String vpn = h.groupId("VPN Users");
        WebHarness.Exchange refused = frank.post("/api/v1/groups/" + vpn + "/join", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("refused");
        assertThat(refused.json().path("rule").asText()).isEqualTo("P3");
        assertThat(refused.json().path("detail").asText()).contains("(spec P3)");
        assertThat(refused.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    // spec A4, A14, P2, R1
    @Test
    void aRequestIsSeenAndApprovedByTheGroupsOwnerAndNotByAnotherGroupsOwner() {
        WebHarness.Client erin = h.signIn("erin");
        WebHarness.Exchange noJustification = erin.post("/api/v1/groups/" + phoenix + "/join", null);
        assertThat(noJustification.status()).isEqualTo(403);
        assertThat(noJustification.json().path("rule").asText()).isEqualTo("P2");
        WebHarness.Exchange asked = erin.post("/api/v1/groups/" + phoenix + "/join",
                Map.of("justification", "I build the payroll reports"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        long id = asked.json().path("requestId").asLong();

        assertThat(ids(erin.get("/api/v1/requests?view=mine"))).contains(id);
        WebHarness.Client grace = h.signIn("grace");
        assertThat(ids(grace.get("/api/v1/requests?view=waiting"))).contains(id);
        assertThat(ids(grace.get("/api/v1/groups/" + phoenix + "/requests"))).contains(id);

        WebHarness.Client niaj = h.signIn("niaj");
        assertThat(ids(niaj.get("/api/v1/requests?view=waiting"))).doesNotContain(id);
        WebHarness.Exchange notHis = niaj.get("/api/v1/groups/" + phoenix + "/requests");
        assertThat(notHis.status()).isEqualTo(403);
        assertThat(notHis.json().path("rule").asText()).isEqualTo("A14");

        WebHarness.Exchange niajApproves = niaj.post("/api/v1/requests/" + id + "/approve", null);
        assertThat(niajApproves.status()).isEqualTo(403);
        WebHarness.Exchange approved = grace.post("/api/v1/requests/" + id + "/approve", Map.of("reason", "welcome"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("writeBack").asText()).isEqualTo("pending");
        assertThat(ids(grace.get("/api/v1/requests?view=mine&state=any"))).doesNotContain(id);
        assertThat(ids(erin.get("/api/v1/requests?view=mine&state=any"))).contains(id);
    }

    // spec A4, R1
    @Test
    void aDenialNeedsAReasonAndTheOwner() {
        // niaj holds the premium licence an owner-approval request needs (spec L1).
        WebHarness.Client olivia = h.signIn("niaj");
        WebHarness.Exchange asked = olivia.post("/api/v1/groups/" + phoenix + "/join",
                Map.of("justification", "design reviews"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        long id = asked.json().path("requestId").asLong();
        WebHarness.Client grace = h.signIn("grace");
        WebHarness.Exchange noReason = grace.unchecked().post("/api/v1/requests/" + id + "/deny", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.code()).isEqualTo("reason-required");
        WebHarness.Exchange byRequester = olivia.post("/api/v1/requests/" + id + "/deny", Map.of("reason", "no"));
        assertThat(byRequester.status()).isEqualTo(403);
        WebHarness.Exchange denied = grace.post("/api/v1/requests/" + id + "/deny", Map.of("reason", "team is full"));
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        JsonNode mine = olivia.get("/api/v1/requests?view=mine&state=any").json().path("value");
        assertThat(StreamSupport.stream(mine.spliterator(), false).filter(r -> r.path("id").asLong() == id)
                .map(r -> r.path("state").asText() + ": " + r.path("reason").asText())).containsExactly(
                "denied: team is full");
    }

    // spec R2
    @Test
    void onlyTheRequesterCancels() {
        WebHarness.Client judy = h.signIn("judy");
        WebHarness.Exchange asked = judy.post("/api/v1/groups/" + phoenix + "/join", Map.of("justification", "QA"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        long id = asked.json().path("requestId").asLong();
        WebHarness.Exchange byOther = h.signIn("mallory").post("/api/v1/requests/" + id + "/cancel", null);
        assertThat(byOther.status()).isEqualTo(403);
        assertThat(judy.post("/api/v1/requests/" + id + "/cancel", null).status()).isEqualTo(200);
        WebHarness.Exchange unknown = judy.unchecked().post("/api/v1/requests/999999/cancel", null);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void leavingIsForMembers() {
        WebHarness.Client peggy = h.signIn("peggy");
        WebHarness.Exchange left = peggy.post("/api/v1/groups/" + bookClub + "/leave", null);
        assertThat(left.status()).as(left.body()).isEqualTo(200);
        WebHarness.Exchange notIn = peggy.post("/api/v1/groups/" + financeTeam + "/leave", null);
        assertThat(notIn.status()).isIn(400, 403);
        assertThat(notIn.json().path("detail").asText()).isNotBlank();
    }

    // spec A2; issue 12: members are paged in the store, as the panel pages them, and the group's page lists the first
    @Test
    void aGroupsMembersArePagedAndTheGroupShowsTheFirstPage() {
        WebHarness.Client alice = h.signIn("alice");
        String vpn = h.groupId("VPN Users");
        JsonNode group = alice.get("/api/v1/groups/" + vpn).json();
        List<String> first = dns(group.path("members"));
        int total = group.path("group").path("memberCount").asInt();
        assertThat(first).hasSize(total).hasSizeGreaterThan(4);
        assertThat(group.has("membersNext")).isFalse();
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < total + 2; offset += 2) {
            JsonNode page = alice.get("/api/v1/groups/" + vpn + "/members?offset=" + offset + "&limit=2").json();
            assertThat(page.path("total").asInt()).isEqualTo(total);
            assertThat(page.path("offset").asInt()).isEqualTo(offset);
            assertThat(page.path("value").size()).isEqualTo(Math.max(0, Math.min(2, total - offset)));
            paged.addAll(dns(page.path("value")));
        }
        assertThat(paged).containsExactlyElementsOf(first);
    }

    // spec A2, A5, A6
    @Test
    void ownersListAddAndRemoveMembersAndOthersCannot() {
        WebHarness.Client grace = h.signIn("grace");
        WebHarness.Client niaj = h.signIn("niaj");
        assertThat(dns(grace.get("/api/v1/groups/" + financeTeam + "/members").json().path("value")))
                .contains("uid=dave" + WebHarness.PEOPLE);
        WebHarness.Exchange hidden = niaj.get("/api/v1/groups/" + financeTeam + "/members");
        assertThat(hidden.status()).isEqualTo(403);
        assertThat(hidden.json().path("rule").asText()).isEqualTo("A2");

        WebHarness.Exchange added = grace.post("/api/v1/groups/" + financeTeam + "/members", Map.of("person", "ivan"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode members = grace.get("/api/v1/groups/" + financeTeam + "/members").json().path("value");
        assertThat(StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("dn").asText().startsWith("uid=ivan,")).map(m -> m.path("pending").asBoolean()))
                .containsExactly(true);
        assertThat(niaj.post("/api/v1/groups/" + financeTeam + "/members", Map.of("person", "peggy")).status())
                .isEqualTo(403);

        String frank = WebHarness.enc("uid=frank" + WebHarness.PEOPLE);
        assertThat(niaj.delete("/api/v1/groups/" + financeTeam + "/members/" + frank).status()).isEqualTo(403);
        WebHarness.Exchange removed = grace.delete("/api/v1/groups/" + financeTeam + "/members/" + frank);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        WebHarness.Exchange nobody = grace.post("/api/v1/groups/" + financeTeam + "/members",
                Map.of("person", "no-such-person"));
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(nobody.code()).isEqualTo("no-such-person");
    }

    // spec A1, A9, A10
    @Test
    void anyoneSeesOwnersOwnersAddAndRemoveThem() {
        String helpdesk = h.groupId("Helpdesk Agents");
        WebHarness.Client mallory = h.signIn("mallory");
        assertThat(dns(mallory.get("/api/v1/groups/" + helpdesk + "/owners").json().path("value")))
                .containsExactlyInAnyOrder("uid=carol" + WebHarness.PEOPLE, "uid=bob" + WebHarness.PEOPLE);
        assertThat(mallory.post("/api/v1/groups/" + helpdesk + "/owners", Map.of("person", "mallory")).status())
                .isEqualTo(403);
        WebHarness.Client carol = h.signIn("carol");
        WebHarness.Exchange added = carol.post("/api/v1/groups/" + helpdesk + "/owners", Map.of("person", "judy"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        String bob = WebHarness.enc("uid=bob" + WebHarness.PEOPLE);
        assertThat(mallory.delete("/api/v1/groups/" + helpdesk + "/owners/" + bob).status()).isEqualTo(403);
        WebHarness.Exchange removed = carol.delete("/api/v1/groups/" + helpdesk + "/owners/" + bob);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    }

    @Test
    void theOpenApiFileIsServedWithoutASession() {
        WebHarness.Exchange e = h.anonymous().get("/api/openapi.yaml");
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.body()).startsWith("openapi: 3.0.3");
    }

    private static List<String> names(JsonNode groups) {
        return StreamSupport.stream(groups.spliterator(), false).map(g -> g.path("displayName").asText()).toList();
    }

    private static List<String> dns(JsonNode entries) {
        return StreamSupport.stream(entries.spliterator(), false).map(g -> g.path("dn").asText()).toList();
    }

    private static List<Long> ids(WebHarness.Exchange e) {
        assertThat(e.status()).as(e.body()).isEqualTo(200);
        return StreamSupport.stream(e.json().path("value").spliterator(), false).map(r -> r.path("id").asLong())
                .toList();
    }
}
