package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's review page pages the members under review in the store (spec V2, V6), as the groups search does:
 * a count, next and previous links, and a decision that brings the reviewer back to the page it was taken on.
 * Project Phoenix's members are dave, grace, heidi and ivan; its owners grace and dave review them.
 */
class PanelReviewPagesTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void aReviewerPagesThroughTheMembersAndDecidesOnTheSecondPage() throws Exception { // spec V2, V6, A14
        try (WebHarness h = WebHarness.startPanel(dir, "", 2)) {
            long id = startReview(h);
            WebHarness.Client grace = panelSignIn(h, "grace");

            String first = grace.get("/reviews/" + id).body();

            assertThat(first).contains("4 members under review, 1 to 2 on page 1 of 2")
                    .contains("href=\"/reviews/" + id + "?page=2\" rel=\"next\"").doesNotContain("rel=\"prev\"")
                    .contains("Keep dave").contains("Keep grace").doesNotContain("Keep heidi")
                    .doesNotContain("Keep ivan");
            String second = grace.get("/reviews/" + id + "?page=2").body();
            assertThat(second).contains("3 to 4 on page 2 of 2").contains("Keep heidi").contains("Keep ivan")
                    .contains("href=\"/reviews/" + id + "?page=1\" rel=\"prev\"").doesNotContain("rel=\"next\"")
                    .doesNotContain("Keep dave").contains("id=\"member-4\"");

            WebHarness.Exchange decided = grace.send("POST", "/reviews/" + id + "/decide", "csrf=" + formToken(grace)
                    + "&group=" + h.groupId("Project Phoenix") + "&member=ivan&decision=remove&reason=left&page=2",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));

            assertThat(decided.status()).as(decided.body()).isEqualTo(303);
            assertThat(decided.header("Location")).hasValue("/reviews/" + id + "?page=2");
            assertThat(grace.get("/reviews/" + id + "?page=2").body()).contains("Removed by grace")
                    .contains("role=\"status\"");

            // spec A14: someone who reviews nothing of it sees no page of it
            WebHarness.Exchange stranger = panelSignIn(h, "mallory").get("/reviews/" + id + "?page=2");
            assertThat(stranger.status()).isEqualTo(403);
            assertThat(stranger.body()).contains("(spec A14)").doesNotContain("Keep heidi");
        }
    }

    private static long startReview(WebHarness h) {
        WebHarness.Exchange started = h.signIn("bob").post("/api/v1/reviews", Map.of("group", "Project Phoenix",
                "deadline", LocalDate.now(ZoneOffset.UTC).plusDays(14).toString(), "default", "keep"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().path("id").asLong();
    }

    private static WebHarness.Client panelSignIn(WebHarness h, String uid) {
        WebHarness.Client c = h.anonymous().outsideTheSpec();
        WebHarness.Exchange e = c.send("POST", "/signin", "login=" + uid + "&password=" + DemoConf.PASSWORD,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(e.status()).isEqualTo(303);
        return c;
    }

    private static String formToken(WebHarness.Client c) {
        Matcher m = CSRF.matcher(c.get("/mine").body());
        assertThat(m.find()).as("the page's form token").isTrue();
        return m.group(1);
    }
}
