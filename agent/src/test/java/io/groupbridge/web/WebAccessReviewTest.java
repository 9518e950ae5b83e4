package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access reviews over the REST API (spec V1-V4, V6), each exchange held to openapi.yaml by the harness: an
 * administrator starts, an owner decides, a stranger is refused, the close is held by the failsafe, the export
 * comes as JSON and CSV.
 */
class WebAccessReviewTest {

    @TempDir
    Path dir;

    private WebHarness h;

    @BeforeEach
    void start() throws Exception {
        h = WebHarness.start(dir, """
                reconcile:
                  maxRemovalShare: 0.5
                  largeGroupThreshold: 2
                """);
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private String deadline() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
    }

    private long startPhoenix(String byDefault) {
        WebHarness.Exchange started = h.signIn("bob").post("/api/v1/reviews", Map.of("group", "Project Phoenix",
                "deadline", deadline(), "default", byDefault, "title", "Phoenix"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(started.header("Location")).hasValue("/api/v1/reviews/" + started.json().path("id").asLong());
        return started.json().path("id").asLong();
    }

    @Test
    void anOwnerRemovesAMemberAndTheExportSaysSo() { // spec V1, V2, V4
        long id = startPhoenix("keep");
        WebHarness.Client grace = h.signIn("grace");

        WebHarness.Exchange removed = grace.post("/api/v1/reviews/" + id + "/decisions", Map.of("member", "ivan",
                "decision", "remove", "reason", "left the project"));
        WebHarness.Exchange review = grace.get("/api/v1/reviews/" + id);
        WebHarness.Exchange csv = h.signIn("bob").get("/api/v1/reviews/" + id + "/export?format=csv");

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("rule").asText()).isEqualTo("V2");
        assertThat(removed.json().path("outboxIds")).hasSize(1);
        JsonNode ivan = StreamSupport.stream(review.json().path("members").spliterator(), false)
                .filter(m -> m.path("member").asText().startsWith("uid=ivan,")).findFirst().orElseThrow();
        assertThat(ivan.path("decision").asText()).isEqualTo("remove");
        assertThat(ivan.path("outcome").asText()).isEqualTo("removed");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("review,group,group_dn,member,").contains(",remove,left the project,");
        assertThat(grace.get("/api/v1/reviews").json().path("value")).hasSize(1);
    }

    @Test
    void aStrangerNeitherStartsNorSeesNorDecides() { // spec V1, V2, V6, A14
        WebHarness.Client mallory = h.signIn("mallory");
        WebHarness.Exchange start = mallory.post("/api/v1/reviews", Map.of("group", "Project Phoenix", "deadline",
                deadline(), "default", "keep"));
        long id = startPhoenix("keep");

        WebHarness.Exchange show = mallory.get("/api/v1/reviews/" + id);
        WebHarness.Exchange decide = mallory.post("/api/v1/reviews/" + id + "/decisions", Map.of("member", "ivan",
                "decision", "remove", "reason", "why not"));

        assertThat(List.of(start.status(), show.status(), decide.status())).containsOnly(403);
        assertThat(List.of(start.json().path("rule").asText(), show.json().path("rule").asText(),
                decide.json().path("rule").asText())).containsExactly("V1", "A14", "V2");
        assertThat(mallory.get("/api/v1/reviews").json().path("value")).isEmpty();
    }

    @Test
    void aCloseWhoseDefaultRemoveWouldRemoveTooMuchIsHeld() { // spec V3
        long id = startPhoenix("remove");

        WebHarness.Exchange closed = h.signIn("bob").post("/api/v1/reviews/" + id + "/close", null);

        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().path("state").asText()).isEqualTo("held");
        assertThat(closed.json().path("removed").asInt()).isZero();
        assertThat(closed.json().path("held").get(0).asText()).contains("would remove 4 of the 4 members");
        assertThat(h.signIn("bob").get("/api/v1/reviews/" + id).json().path("heldReason").asText())
                .contains("would remove 4");
    }

    @Test
    void aDecisionOtherThanKeepOrRemoveIsAnInvalidField() { // spec V2
        long id = startPhoenix("keep");

        WebHarness.Exchange bad = h.signIn("grace").unchecked().post("/api/v1/reviews/" + id + "/decisions",
                Map.of("member", "ivan", "decision", "maybe", "reason", "x"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("invalid-field");
    }
}
