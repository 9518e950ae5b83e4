package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrators' page of expiring and expired groups ({@code /admin/expiry}, spec E1-E4): the groups expiring
 * within the first reminder with Renew, the expired ones with Restore through the same service as
 * {@code groups restore}, a refusal shown with its rule, and nothing of it for anyone else. The demo's unified
 * groups are Project Phoenix (owners grace and dave), Marketing Crew (owner niaj) and Book Club (no owner).
 */
class PanelExpiryPageTest {

    // The first reminder is 30 days before the expiry (the default remindBefore)
    private static final String EXPIRATION = """
            governance:
              expiration:
                lifetime: 40d
                restoreWindow: 30d
            """;

    @TempDir
    Path dir;

    @Test
    void anAdministratorSeesTheGroupsExpiringSoonAndRenewsOneAndNobodyElseSeesThem() throws Exception {
        // spec E1, E2, E4
        try (WebHarness h = WebHarness.startPanel(dir, "", 2, EXPIRATION)) {
            ageTheUnifiedGroups(h, Duration.ofDays(15)); // 25 days left: within the first reminder
            WebHarness.Client bob = h.panelSignIn("bob");
            String page = bob.get(PanelPages.EXPIRY).body();

            assertThat(page).contains("href=\"/admin/expiry\" aria-current=\"page\"")
                    .contains("3 groups expire within 30 days unless renewed").contains("page 1 of 2")
                    .contains("href=\"/admin/expiry?page=2\"");
            String second = bob.get(PanelPages.EXPIRY + "?page=2").body();
            assertThat(page + second).contains("Project Phoenix", "Marketing Crew", "Book Club");
            assertThat(page + second).contains("no owner: the administrators renew it");
            assertThat(page).contains("No expired group is waiting to be restored.");

            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Exchange renewed = post(bob, "/groups/" + phoenix + "/renew", "back=" + PanelPages.EXPIRY);
            assertThat(renewed.header("Location")).contains(PanelPages.EXPIRY);
            assertThat(bob.get(PanelPages.EXPIRY).body()).contains("Renewed group 'Project Phoenix'")
                    .contains("2 groups expire within 30 days").doesNotContain("id=\"expiring-" + phoenix + "\"");

            // spec E4: anyone else has neither the menu entry nor the page
            WebHarness.Client grace = h.panelSignIn("grace");
            assertThat(grace.get("/groups").body()).doesNotContain("href=\"/admin/expiry\"");
            WebHarness.Exchange refused = grace.get(PanelPages.EXPIRY);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("Only administrators see the expiring and expired groups")
                    .doesNotContain("Project Phoenix");
        }
    }

    @Test
    void anAdministratorRestoresAnExpiredGroupAndARefusalNamesItsRule() throws Exception { // spec E3, E4
        try (WebHarness h = WebHarness.startPanel(dir, "", PanelPages.PAGE_SIZE, EXPIRATION)) {
            String phoenix = h.groupId("Project Phoenix");
            String marketing = h.groupId("Marketing Crew");
            ageTheUnifiedGroups(h, Duration.ofDays(41));
            assertThat(h.wiring.actions().expiration().expireGroups((stored, removed) -> Optional.empty())
                    .expired()).isEqualTo(3);
            h.app.outboxRelay().run();
            WebHarness.Client bob = h.panelSignIn("bob");
            String page = bob.get(PanelPages.EXPIRY).body();
            assertThat(page).contains("id=\"expired-" + phoenix + "\"").contains("Restore Project Phoenix")
                    .contains("Restore Marketing Crew").contains("restorable until");

            WebHarness.Exchange restored = post(bob, "/groups/" + phoenix + "/restore", "back=" + PanelPages.EXPIRY);

            assertThat(restored.status()).isEqualTo(303);
            assertThat(restored.header("Location")).contains(PanelPages.EXPIRY);
            String after = bob.get(PanelPages.EXPIRY).body();
            assertThat(after).contains("role=\"status\"").contains("Restoring group 'Project Phoenix' with 2"
                    + " owner(s) and 4 member(s)").doesNotContain("id=\"expired-" + phoenix + "\"")
                    .contains("id=\"expired-" + marketing + "\"");
            assertThat(outbox(h)).contains("create-group cn=Project Phoenix,ou=groups,dc=example,dc=com");

            // A form posted by someone who is no administrator is refused by E4, in words.
            WebHarness.Client grace = h.panelSignIn("grace");
            post(grace, "/groups/" + marketing + "/restore", "back=/mine");
            assertThat(grace.get("/mine").body()).contains("role=\"alert\"")
                    .contains("Only administrators can restore an expired group").contains("(spec E4)");
        }
    }

    // The policy started that long ago, and the unified groups are as old.
    private static void ageTheUnifiedGroups(WebHarness h, Duration age) {
        Instant past = Instant.now().minus(age);
        h.jdbi().useHandle(x -> {
            x.createUpdate("INSERT INTO expiration_start (name, started_at) VALUES ('policy', :at)")
                    .bind("at", past).execute();
            x.createUpdate("UPDATE directory_group SET created_at = :at WHERE kind = 'unified'").bind("at", past)
                    .execute();
        });
    }

    private static List<String> outbox(WebHarness h) {
        return h.jdbi().withHandle(x -> x.createQuery("SELECT operation || ' ' || group_dn FROM outbox ORDER BY id")
                .mapTo(String.class).list());
    }

    private static WebHarness.Exchange post(WebHarness.Client c, String path, String form) {
        WebHarness.Exchange e = c.send("POST", path, "csrf=" + c.formToken() + "&" + form,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(e.status()).as(e.body()).isEqualTo(303);
        return e;
    }
}
