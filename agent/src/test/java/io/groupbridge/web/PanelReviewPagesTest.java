package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel's review page pages the members under review in the store (spec V2, V6), as the groups search does:
 * a count, next and previous links, and a decision that brings the reviewer back to the page it was taken on.
 * Project Phoenix's members are dave, grace, heidi and ivan; its owners grace and dave review them.
 */
class PanelReviewPagesTest {


    @TempDir
    Path dir;

    @Test
    void aReviewerPagesThroughTheMembersAndDecidesOnTheSecondPage() throws Exception { // spec V2, V6, A14
        try (WebHarness h = WebHarness.startPanel(dir, "", 2)) {
            long id = startReview(h);
            WebHarness.Client grace = h.panelSignIn("grace");

            String first = grace.get("/reviews/" + id).body();

            assertThat(first).contains("4 members under review, 1 to 2 on page 1 of 2")
                    .contains("href=\"/reviews/" + id + "?page=2\" rel=\"next\"").doesNotContain("rel=\"prev\"")
                    .contains("Keep dave").contains("Keep grace").doesNotContain("Keep heidi")
                    .doesNotContain("Keep ivan");
            String second = grace.get("/reviews/" + id + "?page=2").body();
            assertThat(second).contains("3 to 4 on page 2 of 2").contains("Keep heidi").contains("Keep ivan")
                    .contains("href=\"/reviews/" + id + "?page=1\" rel=\"prev\"").doesNotContain("rel=\"next\"")
                    .doesNotContain("Keep dave").contains("id=\"member-4\"");

            WebHarness.Exchange decided = grace.send("POST", "/reviews/" + id + "/decide", "csrf=" + grace.formToken()
                    + "&group=" + h.groupId("Project Phoenix") + "&member=ivan&decision=remove&reason=left&page=2",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));

            assertThat(decided.status()).as(decided.body()).isEqualTo(303);
            assertThat(decided.header("Location")).hasValue("/reviews/" + id + "?page=2");
            assertThat(grace.get("/reviews/" + id + "?page=2").body()).contains("Removed by grace")
                    .contains("role=\"status\"");

            // spec A14: someone who reviews nothing of it sees no page of it
            WebHarness.Exchange stranger = h.panelSignIn("mallory").get("/reviews/" + id + "?page=2");
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
}
