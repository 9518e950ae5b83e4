package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.OutboxOperation;
import io.groupbridge.testing.StoreDump;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's pages over plain HTTP (issue 12, point 3), without a browser: every page behind the server's guard,
 * S2 applied to the group search and the group page, paging done in the store, refusals with the rule's sentence.
 */
class PanelPagesTest {

    private static final Pattern GROUP_LINK = Pattern.compile("<a href=\"/groups/([^\"/]+)\">([^<]*)</a>");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void everyPageNeedsASessionAndEveryFormItsToken() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String phoenix = h.groupId("Project Phoenix");
            List<String> pages = h.server.routes().stream().filter(r -> !r.contains(" /api/"))
                    .filter(r -> !r.equals("GET /signin") && !r.equals("POST /signin"))
                    .filter(r -> !r.startsWith("GET /assets/") && !r.startsWith("GET /webjars/")).toList();
            assertThat(pages).contains("GET /groups", "GET /groups/{id}", "POST /groups/{id}/join",
                    "POST /requests/{requestId}/approve", "GET /requests", "GET /mine", "GET /groups/new");
            var before = StoreDump.of(h.jdbi());
            WebHarness.Client anonymous = h.anonymous().outsideTheSpec();
            for (String route : pages) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1).replace("{id}", phoenix)
                        .replace("{requestId}", "1").replace("{reviewId}", "1");
                WebHarness.Exchange e = anonymous.send(method, path, method.equals("GET") ? null : "justification=x",
                        method.equals("GET") ? Map.of() : Map.of("Content-Type", "application/x-www-form-urlencoded"));
                if (method.equals("GET")) {
                    assertThat(e.status()).as(route).isEqualTo(303);
                    assertThat(e.header("Location")).as(route).contains("/signin");
                } else {
                    assertThat(e.status()).as(route).isEqualTo(401);
                }
            }
            WebHarness.Client erin = h.panelSignIn("erin");
            WebHarness.Exchange noToken = erin.send("POST", "/groups/" + phoenix + "/join", "justification=x",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(noToken.status()).isEqualTo(403);
            assertThat(noToken.code()).isEqualTo("csrf-token-missing");
            WebHarness.Exchange wrongToken = erin.send("POST", "/groups/" + phoenix + "/join",
                    "justification=x&csrf=forged", Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(wrongToken.code()).isEqualTo("csrf-token-invalid");
            WebHarness.Exchange asPage = erin.send("POST", "/groups/" + phoenix + "/join", "justification=x&csrf=old",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html"));
            assertThat(asPage.status()).as("a browser gets a page").isEqualTo(403);
            assertThat(asPage.header("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(asPage.body()).contains("The CSRF token is not this session")
                    .contains("<a href=\"/groups\">");
            assertThat(StoreDump.of(h.jdbi())).as("nothing changed").isEqualTo(before);
            assertThat(erin.get("/assets/panel.css").status()).isEqualTo(200);
            assertThat(h.anonymous().outsideTheSpec().get("/webjars/htmx.min.js").body()).contains("htmx");
        }
    }

    // spec S2 (security-groups): employees do not see security groups in the panel; administrators do; the API
    // is not restricted
    @Test
    void restrictMyGroupsHidesSecurityGroupsFromEmployeesInThePanelOnly() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  restrictMyGroups: security-groups\n", 100)) {
            WebHarness.Client erin = h.panelSignIn("erin");
            WebHarness.Exchange groups = erin.get("/groups");
            assertThat(groups.status()).isEqualTo(200);
            assertThat(names(groups.body())).contains("Project Phoenix").doesNotContain("Finance Team", "VPN Users");
            assertThat(groups.body()).contains("hides security groups");
            WebHarness.Exchange finance = erin.get("/groups/" + h.groupId("Finance Team"));
            assertThat(finance.body()).contains("(spec S2)").doesNotContain("Leave this group");
            assertThat(h.signIn("erin").get("/api/v1/groups?limit=200").body()).contains("Finance Team");

            WebHarness.Client bob = h.panelSignIn("bob");
            assertThat(names(bob.get("/groups").body())).contains("Finance Team", "VPN Users", "Project Phoenix");
        }
    }

    // spec S2 (security-groups), A6: the panel signs its actor in on the panel, so a form posted by hand for a hidden
    // group is refused as its page is; the same action on the API is not
    @Test
    void aPanelActionOnAGroupS2HidesIsRefusedAndTheSameActionOnTheApiIsNot() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  restrictMyGroups: security-groups\n", 100)) {
            String finance = h.groupId("Finance Team");
            WebHarness.Client erin = h.panelSignIn("erin");
            WebHarness.Exchange posted = erin.send("POST", "/groups/" + finance + "/leave",
                    "csrf=" + erin.formToken(), Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(posted.status()).isEqualTo(303);
            assertThat(removals(h)).as("nothing written back for the panel's leave").isZero();
            List<String> refusedBy = h.jdbi().withHandle(x -> x.createQuery("SELECT decided_rule FROM audit_event"
                    + " WHERE action_name = 'leave' AND outcome = 'refused'").mapTo(String.class).list());
            assertThat(refusedBy).containsExactly("S2");

            WebHarness.Exchange api = h.signIn("erin").post("/api/v1/groups/" + finance + "/leave", null);
            assertThat(api.status()).as(api.body()).isEqualTo(200);
            assertThat(removals(h)).isEqualTo(1);
        }
    }

    private static int removals(WebHarness h) {
        return h.jdbi().withHandle(x -> x.createQuery("SELECT COUNT(*) FROM outbox WHERE operation = :op")
                .bind("op", OutboxOperation.REMOVE_MEMBER.wireName()).mapTo(Integer.class).one());
    }

    // spec S2 (all): the panel's group features are closed to employees, with the reason
    @Test
    void restrictMyGroupsAllClosesThePanelsGroupFeatures() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "  restrictMyGroups: all\n", 100)) {
            WebHarness.Exchange groups = h.panelSignIn("erin").get("/groups");
            assertThat(groups.body()).contains("(spec S2)");
            assertThat(names(groups.body())).isEmpty();
            assertThat(names(h.panelSignIn("alice").get("/groups").body())).contains("Finance Team");
        }
    }

    // spec A1: the search is paged in the store; the pages together hold every group once, as the API counts them
    @Test
    void theGroupSearchIsPagedOnTheServer() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", 4)) {
            WebHarness.Client grace = h.panelSignIn("grace");
            int total = h.signIn("grace").get("/api/v1/groups?limit=200").json().path("total").asInt();
            List<String> seen = new ArrayList<>();
            int pages = walk(grace, "/groups", "", PanelPagesTest::names, 4, seen);
            assertThat(seen).hasSize(total).doesNotHaveDuplicates();
            assertThat(pages).isEqualTo((total + 3) / 4);
            String found = grace.get("/groups?q=" + WebHarness.enc("finance")).body();
            assertThat(names(found)).containsExactly("Finance Alerts", "Finance Team");
            assertThat(found).contains("2 groups, page 1 of 1");
        }
    }

    // spec A1; issue 12 point 6: the search finds names that start with the text through the index; names and DNs
    // that contain it when asked for, or when no name starts with it
    @Test
    void theGroupSearchFindsNameStartsAndContainsWhenAskedOrWhenNoNameStartsWithIt() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", 4)) {
            WebHarness.Client grace = h.panelSignIn("grace");
            String starts = grace.get("/groups?q=" + WebHarness.enc("a")).body();
            assertThat(names(starts)).containsExactly("All Staff", "App Payroll Users");
            assertThat(starts).contains("Groups whose name starts with \u201ca\u201d.")
                    .contains("href=\"/groups?q=a&amp;match=contains\"");
            List<String> containing = new ArrayList<>();
            int pages = walk(grace, "/groups?q=a&match=contains", "", PanelPagesTest::names, 4, containing);
            assertThat(containing).contains("All Staff", "App Payroll Users", "Finance Team", "Project Phoenix")
                    .doesNotHaveDuplicates();
            assertThat(pages).isGreaterThan(1);
            String fellBack = grace.get("/groups?q=" + WebHarness.enc("TEAM")).body();
            assertThat(names(fellBack)).containsExactly("Finance Team");
            assertThat(fellBack).contains("No group\u2019s name starts with \u201cTEAM\u201d")
                    .doesNotContain("match=contains\">");
            assertThat(names(grace.get("/groups?q=" + WebHarness.enc("a_")).body())).isEmpty();
        }
    }

    // spec A4, R6: a group's page shows the person's own pending request to join it, and nobody else's
    @Test
    void aGroupsPageShowsThePersonsOwnPendingRequestOnly() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", 4)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Exchange approval = h.signIn("grace").patch("/api/v1/groups/" + phoenix,
                    java.util.Map.of("joinPolicy", "owner-approval"));
            assertThat(approval.status()).as(approval.body()).isEqualTo(200);
            WebHarness.Exchange asked = h.signIn("erin").post("/api/v1/groups/" + phoenix + "/join",
                    java.util.Map.of("justification", "I build the payroll reports"));
            assertThat(asked.status()).as(asked.body()).isEqualTo(200);
            long id = asked.json().path("requestId").asLong();
            assertThat(id).isPositive();
            assertThat(h.panelSignIn("erin").get("/groups/" + phoenix).body())
                    .contains("Your request to join is pending (request " + id + ").");
            assertThat(h.panelSignIn("erin").get("/groups/" + h.groupId("Finance Team")).body())
                    .doesNotContain("Your request to join is pending");
            assertThat(h.panelSignIn("alice").get("/groups/" + phoenix).body())
                    .doesNotContain("Your request to join is pending");
        }
    }

    // spec A2; issue 12: a group of tens of thousands is listed a page at a time, cut in the store
    @Test
    void aGroupsMembersArePagedOnTheServer() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", 2)) {
            String vpn = h.groupId("VPN Users");
            List<String> all = new ArrayList<>();
            h.signIn("alice").get("/api/v1/groups/" + vpn + "/members").json().path("value")
                    .forEach(e -> all.add(e.path("dn").asText()));
            assertThat(all).hasSizeGreaterThan(4);
            WebHarness.Client alice = h.panelSignIn("alice");
            List<String> seen = new ArrayList<>();
            int pages = walk(alice, "/groups/" + vpn, ">Next members", PanelPagesTest::members, 2, seen);
            assertThat(seen).containsExactlyElementsOf(all);
            assertThat(pages).isEqualTo((all.size() + 1) / 2);
            assertThat(alice.get("/groups/" + vpn + "?members=2").body()).contains("Members 3 to 4 of " + all.size());
        }
    }

    // spec A15, P2: a refused form comes back with the rule's sentence (POST-redirect-GET, no JavaScript)
    @Test
    void aRefusedFormShowsTheRulesSentenceOnTheNextPage() throws Exception {
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE)) {
            String vpn = h.groupId("VPN Users");
            WebHarness.Client erin = h.panelSignIn("erin");
            WebHarness.Exchange posted = erin.send("POST", "/groups/" + vpn + "/join", "csrf=" + erin.formToken(),
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(posted.status()).isEqualTo(303);
            assertThat(posted.header("Location")).contains("/groups/" + vpn);
            WebHarness.Exchange shown = erin.get("/groups/" + vpn);
            assertThat(shown.body()).contains("role=\"alert\"").contains("(spec P3)");
            assertThat(erin.get("/groups/" + vpn).body()).as("shown once").doesNotContain("role=\"alert\"");
            assertThat(erin.get("/groups/no-such-id").status()).isEqualTo(404);
        }
    }

    /* Signs in through the panel's form and keeps the form's CSRF token. */

    /* The CSRF token the panel's forms carry, read from a page's sign-out form as a browser would send it. */

    /**
     * Follows a listing's "next" links (those whose markup goes on with {@code label}) from {@code path}, adding
     * what {@code items} finds on each page, 1 to {@code perPage} of them, to {@code seen}. @return the pages seen
     */
    private static int walk(WebHarness.Client c, String path, String label, Function<String, List<String>> items,
            int perPage, List<String> seen) {
        Pattern nextLink = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"" + Pattern.quote(label));
        int pages = 0;
        for (String at = path; at != null; pages++) {
            String body = c.get(at).body();
            List<String> found = items.apply(body);
            assertThat(found.size()).as(at).isBetween(1, perPage);
            seen.addAll(found);
            Matcher next = nextLink.matcher(body);
            at = next.find() ? next.group(1).replace("&amp;", "&") : null;
        }
        return pages;
    }

    private static List<String> members(String html) {
        String list = html.substring(html.indexOf("id=\"member-list\""));
        list = list.substring(0, list.indexOf("</ul>"));
        List<String> dns = new ArrayList<>();
        Matcher m = Pattern.compile("<li title=\"([^\"]+)\"").matcher(list);
        while (m.find()) {
            dns.add(m.group(1));
        }
        return dns;
    }

    private static List<String> names(String html) {
        List<String> names = new ArrayList<>();
        Matcher m = GROUP_LINK.matcher(html.substring(html.indexOf("<main")));
        while (m.find()) {
            names.add(m.group(2));
        }
        return names;
    }
}
