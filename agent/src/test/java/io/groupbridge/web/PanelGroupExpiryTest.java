package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group page of the panel shows when a group expires and lets its owners renew it (spec E1, E2): the Expires
 * line, the Renew button for owners and administrators only, and the renewal it posts, audited.
 */
class PanelGroupExpiryTest {


    @TempDir
    Path dir;

    @Test
    void anOwnerSeesTheExpiryAndRenewsAndOthersSeeNoButton() throws Exception { // spec E1, E2
        try (WebHarness h = WebHarness.startPanel(dir, "", 100, """
                governance:
                  expiration:
                    lifetime: 180d
                """)) {
            String phoenix = h.groupId("Project Phoenix");
            WebHarness.Client grace = h.panelSignIn("grace");
            String page = grace.get("/groups/" + phoenix).body();
            assertThat(page).contains("<dt>Expires</dt>").contains("unless renewed").contains("id=\"renew\"");

            String judysPage = h.panelSignIn("judy").get("/groups/" + phoenix).body();
            assertThat(judysPage).contains("<dt>Expires</dt>").doesNotContain("id=\"renew\"");
            assertThat(h.panelSignIn("bob").get("/groups/" + h.groupId("Book Club")).body())
                    .contains("it has no owner, so the administrators renew it").contains("id=\"renew\"");
            assertThat(grace.get("/groups/" + h.groupId("Finance Team")).body()).doesNotContain("<dt>Expires</dt>");

            WebHarness.Exchange posted = grace.send("POST", "/groups/" + phoenix + "/renew",
                    "csrf=" + grace.formToken(), Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(posted.status()).isEqualTo(303);
            List<String> renewedBy = h.jdbi().withHandle(x -> x.createQuery("SELECT decided_rule FROM audit_event"
                    + " WHERE action_name = 'renew-group' AND outcome = 'allowed'").mapTo(String.class).list());
            assertThat(renewedBy).containsExactly("E1");
        }
    }
}
