package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.selfservice.PeopleSearch;
import io.groupbridge.testing.StoreDump;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managing a group in the panel over plain HTTP (issue 12, point 3): the people picker, members and owners added and
 * removed, the join policy, co-owners at creation, the administrators' view with block, and the one-time notice kept
 * in the store so that a second agent shows it. No write-back runs here, so every change stays pending (R6).
 */
class PanelManagePagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FRANK = "uid=frank" + WebHarness.PEOPLE;
    private static final String JUDY = "uid=judy" + WebHarness.PEOPLE;

    @TempDir
    Path dir;

    // spec A5, R6: an owner finds a person with the picker, adds them, sees them pending, and removes them again
    @Test
    void anOwnerAddsAMemberFoundWithThePickerAndRemovesThem() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Client grace = h.panelSignIn("grace");
            String found = grace.get("/groups/" + phoenix + "?find=fra").body();
            assertThat(found).contains("1 person matches “fra”").contains("Add frank as member")
                    .contains("value=\"" + FRANK + "\"");
            String fragment = grace.get("/groups/" + phoenix + "/people?find=Frank").body();
            assertThat(fragment).as("htmx's fragment: the results alone").startsWith("<div id=\"picker-results\"")
                    .contains("Add frank as member").doesNotContain("<html");

            WebHarness.Exchange added = post(grace, "/groups/" + phoenix + "/members", "person=" + enc(FRANK));
            assertThat(added.status()).isEqualTo(303);
            assertThat(added.header("Location")).contains("/groups/" + phoenix);
            String page = grace.get("/groups/" + phoenix).body();
            assertThat(page).contains("role=\"status\"").contains("Added frank to 'Project Phoenix'")
                    .contains("shows as pending until the directory holds it");
            assertThat(memberLine(page, "frank")).contains("pending");
            assertThat(outbox(h)).contains("add-member " + FRANK);

            assertThat(post(grace, "/groups/" + phoenix + "/members/remove", "person=" + enc(FRANK)).status())
                    .isEqualTo(303);
            assertThat(grace.get("/groups/" + phoenix).body()).contains("Removed frank from");
            assertThat(outbox(h)).contains("remove-member " + FRANK);
        }
    }

    // spec B1, T2: a pasted list is added whole or not at all, the refusal naming each line and its rule
    @Test
    void anOwnerPastesAListThatIsAddedWholeOrNotAtAll() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Client grace = h.panelSignIn("grace");
            assertThat(grace.get("/groups/" + phoenix).body()).contains("Add everyone listed");
            var before = outbox(h);
            String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();

            post(grace, "/groups/" + phoenix + "/members/bulk", "people=" + enc("frank\n\nnobody-here\njudy, "
                    + yesterday + "\n"));

            assertThat(grace.get("/groups/" + phoenix).body()).contains("role=\"alert\"")
                    .contains("Nothing was added: 2 of 3 people refused (spec B1)")
                    .contains("line 3, nobody-here").contains("(no-such-person)").contains("line 4, judy")
                    .contains("(spec T2)");
            assertThat(outbox(h)).isEqualTo(before);

            String later = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(9).toString();
            post(grace, "/groups/" + phoenix + "/members/bulk", "people=" + enc("frank\r\n" + JUDY + ";" + later));
            String page = grace.get("/groups/" + phoenix).body();
            assertThat(page).contains("Added or changed 2 of 2 people in 'Project Phoenix'");
            assertThat(memberLine(page, "judy")).contains("until <time datetime=\"" + later + "\">").contains("pending");
            assertThat(outbox(h)).contains("add-member " + FRANK, "add-member " + JUDY);
        }
    }

    // spec A14: an owner of another group gets neither the picker nor the buttons, and a forged post is refused
    @Test
    void aPersonWhoDoesNotOwnTheGroupGetsNoManagementAndAForgedPostIsRefused() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String payroll = h.groupId("App Payroll Users");
            WebHarness.Client grace = h.panelSignIn("grace");
            String page = grace.get("/groups/" + payroll + "?find=fra").body();
            assertThat(page).doesNotContain("Find people").doesNotContain("Add frank").doesNotContain("/members/remove")
                    .contains("(spec A2)");
            var before = outbox(h);
            post(grace, "/groups/" + payroll + "/members", "person=frank");
            assertThat(grace.get("/groups/" + payroll).body()).contains("role=\"alert\"").contains("(spec A5)");
            assertThat(outbox(h)).isEqualTo(before);
        }
    }

    // The picker's text is a literal: LDAP filter and SQL LIKE metacharacters match themselves, and the search is
    // paged in the store
    @Test
    void thePickerTakesMetacharactersLiterallyAndPagesInTheStore() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            PeopleSearch people = h.wiring.people();
            int everybody = people.search("", 1, 100).total();
            assertThat(everybody).isGreaterThan(10);
            for (String meta : List.of("*", "%", "_", "*)(uid=*", "\\2a", "'", "!", "a%", "e_n")) {
                assertThat(people.search(meta, 1, 100).total()).as(meta).isZero();
            }
            assertThat(people.search("ERIN", 1, 10).people()).extracting(p -> p.login()).containsExactly("erin");
            List<String> seen = new ArrayList<>();
            PeopleSearch.Found page = people.search("", 1, 3);
            assertThat(page.pages()).isEqualTo((everybody + 2) / 3);
            for (int n = 1; n <= page.pages(); n++) {
                seen.addAll(people.search("", n, 3).people().stream().map(p -> p.dn().written()).toList());
            }
            assertThat(seen).hasSize(everybody).doesNotHaveDuplicates();

            WebHarness.Client grace = h.panelSignIn("grace");
            String phoenix = h.groupId("Project Phoenix");
            var before = StoreDump.of(h.jdbi());
            String body = grace.get("/groups/" + phoenix + "?find=" + enc("*)(uid=*")).body();
            assertThat(body).contains("0 people match “*)(uid=*”");
            assertThat(StoreDump.of(h.jdbi())).isEqualTo(before);
        }
    }

    // spec A9, A10, S6: an owner makes a member an owner, removes them again, and is never offered to remove the last
    @Test
    void ownersAreAddedAndRemovedButNeverTheLast() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String finance = h.groupId("Finance Team");
            WebHarness.Client grace = h.panelSignIn("grace");
            String page = grace.get("/groups/" + finance).body();
            assertThat(page).as("grace is its only owner").doesNotContain("Remove grace as owner")
                    .contains("Make frank an owner");
            post(grace, "/groups/" + finance + "/owners/remove", "person=grace");
            assertThat(grace.get("/groups/" + finance).body()).contains("(spec A10)").contains("at least one owner");

            post(grace, "/groups/" + finance + "/owners", "person=" + enc(FRANK));
            page = grace.get("/groups/" + finance).body();
            assertThat(page).contains("Frank now owns").contains("Remove grace as owner")
                    .contains("Remove frank as owner");
            assertThat(outbox(h)).contains("add-owner " + FRANK);
            post(grace, "/groups/" + finance + "/owners/remove", "person=" + enc(FRANK));
            assertThat(grace.get("/groups/" + finance).body()).contains("Frank no longer owns");
        }
    }

    // spec S6 (none): owners are not offered to make members owners, and a forged post names the rule
    @Test
    void ownerAssignmentNoneTakesTheMakeOwnerButtonAway() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  ownerAssignment: none\n", PanelPages.PAGE_SIZE)) {
            String finance = h.groupId("Finance Team");
            WebHarness.Client grace = h.panelSignIn("grace");
            assertThat(grace.get("/groups/" + finance).body()).doesNotContain("an owner</button>");
            post(grace, "/groups/" + finance + "/owners", "person=frank");
            assertThat(grace.get("/groups/" + finance).body()).contains("(spec S6)");
            assertThat(h.panelSignIn("bob").get("/groups/" + finance).body()).as("administrators always may")
                    .contains("Make frank an owner");
        }
    }

    // spec A8, L2, P5, S3: the policy form offers what the rules allow
    @Test
    void theJoinPolicyIsChangedAsTheRulesAllow() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  usersCanCreateSecurityGroups: false\n",
                PanelPages.PAGE_SIZE)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Client grace = h.panelSignIn("grace");
            String page = grace.get("/groups/" + phoenix).body();
            assertThat(page).contains("id=\"new-policy\"").contains("value=\"owner-approval\"");
            post(grace, "/groups/" + phoenix + "/policy", "policy=owner-approval");
            assertThat(grace.get("/groups/" + phoenix).body()).contains("is now owner-approval")
                    .contains("Owner approval: people ask");
            post(grace, "/groups/" + phoenix + "/policy", "policy=nonsense");
            assertThat(grace.get("/groups/" + phoenix).body()).contains("Choose a join policy from the list.");

            String finance = grace.get("/groups/" + h.groupId("Finance Team")).body();
            assertThat(finance).as("S3 off: a user changes no property of a security group")
                    .doesNotContain("id=\"new-policy\"").contains("(spec S3)").contains("Make frank an owner");
        }
    }

    // spec A8, R6, S3: owners change the description through the outbox; S3 off hides the form on security groups
    @Test
    void anOwnerChangesTheDescriptionWhereTheRulesAllow() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  usersCanCreateSecurityGroups: false\n",
                PanelPages.PAGE_SIZE)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Client grace = h.panelSignIn("grace");
            assertThat(grace.get("/groups/" + phoenix).body()).contains("id=\"new-description\"");

            post(grace, "/groups/" + phoenix + "/description", "description=" + enc("The launch campaign"));

            assertThat(outbox(h)).contains("set-description cn=Project Phoenix,ou=groups,dc=example,dc=com");
            assertThat(grace.get("/groups/" + h.groupId("Finance Team")).body())
                    .doesNotContain("id=\"new-description\"");
        }
    }

    // spec A7, L2: co-owners are chosen with the picker at creation, and the form keeps what was typed meanwhile
    @Test
    void coOwnersAreChosenAtCreation() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            WebHarness.Client heidi = h.panelSignIn("heidi");
            String draft = "kind=unified&name=" + enc("Rust Guild") + "&description=" + enc("crabs")
                    + "&policy=owner-approval";
            WebHarness.Exchange searched = post(heidi, "/groups/new", draft + "&find=jud&step=find");
            assertThat(searched.status()).isEqualTo(200);
            assertThat(searched.body()).contains("value=\"Rust Guild\"").contains(">crabs</textarea>")
                    .contains("value=\"" + JUDY + "\"").contains("name=\"owner\"");
            String choices = post(heidi, "/groups/new/people", draft + "&find=nia&owner=" + enc(JUDY)).body();
            assertThat(choices).startsWith("<div id=\"owner-choices\"").contains("value=\"" + JUDY + "\" checked")
                    .contains("uid=niaj");

            WebHarness.Exchange created = post(heidi, "/groups/new", draft + "&owner=" + enc(JUDY) + "&step=create");
            assertThat(created.status()).isEqualTo(303);
            assertThat(created.header("Location")).contains("/mine");
            assertThat(heidi.get("/mine").body()).contains("Rust Guild");
            assertThat(h.wiring.actions().memberships().owners(h.groupId("Rust Guild"))).extracting(e -> e.dn())
                    .contains(JUDY, "uid=heidi" + WebHarness.PEOPLE);

            WebHarness.Exchange refused = post(heidi, "/groups/new", draft + "&step=create");
            assertThat(refused.body()).as("the name is taken: the form again, as typed").contains("value=\"Rust Guild\"")
                    .contains("role=\"alert\"");
        }
    }

    // spec A12: administrators see every group and block a person, who then can neither join nor be asked back
    @Test
    void administratorsSeeEveryGroupAndBlockAPerson() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  restrictMyGroups: security-groups\n", 100)) {
            assertThat(h.panelSignIn("erin").get("/admin/groups").body()).contains("(spec A12)")
                    .doesNotContain("Block a person");
            WebHarness.Client bob = h.panelSignIn("bob");
            String all = bob.get("/admin/groups").body();
            assertThat(all).contains("Finance Team", "VPN Users", "Project Phoenix").contains("Block a person from")
                    .contains("refuses their future requests");
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Exchange blocked = post(bob, "/groups/" + phoenix + "/block", "person=judy&back=/admin/groups");
            assertThat(blocked.header("Location")).contains("/admin/groups");
            assertThat(bob.get("/admin/groups").body()).contains("Judy is blocked from");
            WebHarness.Client judy = h.panelSignIn("judy");
            post(judy, "/groups/" + phoenix + "/join", "");
            assertThat(judy.get("/groups/" + phoenix).body()).contains("(spec A12)");

            assertThat(all).contains("Lift a block from");
            WebHarness.Exchange lifted = post(bob, "/groups/" + phoenix + "/unblock",
                    "person=judy&back=/admin/groups");
            assertThat(lifted.header("Location")).contains("/admin/groups");
            assertThat(bob.get("/admin/groups").body()).contains("Judy is no longer blocked from");
            post(judy, "/groups/" + phoenix + "/join", "");
            assertThat(judy.get("/groups/" + phoenix).body()).doesNotContain("(spec A12)");
        }
    }

    // Issue 12: the notice after a post waits in the store, so a second agent serving the next page shows it, once
    @Test
    void theNoticeAfterAPostIsShownByASecondAgentOnTheSameStore() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE);
                WebServer second = h.secondAgent()) {
            String vpn = h.groupId("VPN Users");
            WebHarness.Client erin = h.panelSignIn("erin");
            assertThat(post(erin, "/groups/" + vpn + "/join", "").status()).isEqualTo(303);
            WebHarness.Client elsewhere = erin.at(second);
            assertThat(elsewhere.get("/groups").body()).as("another page does not take it").doesNotContain("(spec P3)");
            assertThat(elsewhere.get("/groups/" + vpn).body()).contains("role=\"alert\"").contains("(spec P3)");
            assertThat(erin.get("/groups/" + vpn).body()).as("shown once").doesNotContain("(spec P3)");
        }
    }

    // ------------------------------------------------------------ helpers

    private static WebHarness.Exchange post(WebHarness.Client c, String path, String form) {
        Matcher m = CSRF.matcher(c.get("/mine").body());
        assertThat(m.find()).as("the page's form token").isTrue();
        String body = (form.isEmpty() ? "" : form + "&") + "csrf=" + m.group(1);
        return c.send("POST", path, body, Map.of("Content-Type", FORM));
    }

    private static List<String> outbox(WebHarness h) {
        return h.jdbi().withHandle(x -> x.createQuery("SELECT operation || ' ' || COALESCE(value_dn, group_dn)"
                + " FROM outbox ORDER BY id").mapTo(String.class).list());
    }

    private static String memberLine(String html, String name) {
        String list = html.substring(html.indexOf("id=\"member-list\""));
        int at = list.indexOf("<span class=\"who-found\">" + name + "</span>");
        assertThat(at).as(name + " in the member list").isNotNegative();
        return list.substring(at, list.indexOf("</li>", at));
    }

    private static String enc(String s) {
        return WebHarness.enc(s);
    }
}
