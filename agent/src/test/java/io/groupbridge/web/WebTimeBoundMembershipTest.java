package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-bound memberships over the REST API (spec T1, T2, T5), each exchange held to openapi.yaml by the harness:
 * {@code until} on an add, {@code endsAt} in the members listing, a refusal naming T2, a date that is none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebTimeBoundMembershipTest {

    @TempDir
    static Path dir;

    private WebHarness h;
    private String financeTeam;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir, """
                governance:
                  membership:
                    maxDuration: 30d
                """);
        financeTeam = h.groupId("Finance Team");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anOwnerAddsAMemberUntilADayAndTheListingSaysWhenItEnds() { // spec T1, T5
        LocalDate last = LocalDate.now(ZoneOffset.UTC).plusDays(7);
        WebHarness.Client grace = h.signIn("grace");

        WebHarness.Exchange added = grace.post("/api/v1/groups/" + financeTeam + "/members",
                Map.of("person", "ivan", "until", last.toString()));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("message").asText()).contains("until " + last);
        JsonNode members = grace.get("/api/v1/groups/" + financeTeam + "/members").json().path("value");
        assertThat(StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("dn").asText().startsWith("uid=ivan,")).map(m -> m.path("endsAt").asText()))
                .containsExactly(last.plusDays(1) + "T00:00:00Z");
        assertThat(StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("dn").asText().startsWith("uid=dave,")).map(m -> m.has("endsAt")))
                .containsExactly(false);
    }

    @Test
    void anEndDateBeyondTheMaximumIsRefusedNamingTheRule() { // spec T2, A15
        WebHarness.Exchange refused = h.signIn("grace").post("/api/v1/groups/" + financeTeam + "/members",
                Map.of("person", "judy", "until", LocalDate.now(ZoneOffset.UTC).plusDays(90).toString()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("rule").asText()).isEqualTo("T2");
    }

    @Test
    void anUntilThatIsNoDateIsAnInvalidField() { // spec T1
        WebHarness.Exchange bad = h.signIn("grace").unchecked().post("/api/v1/groups/" + financeTeam + "/members",
                Map.of("person", "judy", "until", "soon"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid-field").contains("until");
    }

    @Test
    void aMemberSeesTheirEndAndAsksToExtendItAndTheOwnerApprovesTheDayAsked() { // spec T5, T6
        LocalDate last = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        LocalDate later = LocalDate.now(ZoneOffset.UTC).plusDays(20);
        WebHarness.Client grace = h.signIn("grace");
        assertThat(grace.post("/api/v1/groups/" + financeTeam + "/members",
                Map.of("person", "judy", "until", last.toString())).status()).isEqualTo(200);
        WebHarness.Client judy = h.signIn("judy");

        JsonNode mine = judy.get("/api/v1/me/groups").json().path("value");
        assertThat(StreamSupport.stream(mine.spliterator(), false)
                .filter(g -> g.path("group").path("id").asText().equals(financeTeam))
                .map(g -> g.path("memberEndsAt").asText())).containsExactly(last.plusDays(1) + "T00:00:00Z");

        WebHarness.Exchange tooSoon = judy.post("/api/v1/groups/" + financeTeam + "/extend",
                Map.of("until", last.toString()));
        assertThat(tooSoon.status()).isEqualTo(403);
        assertThat(tooSoon.json().path("rule").asText()).isEqualTo("T6");
        WebHarness.Exchange asked = judy.post("/api/v1/groups/" + financeTeam + "/extend",
                Map.of("until", later.toString(), "justification", "the audit runs on"));
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        long id = asked.json().path("requestId").asLong();

        JsonNode pending = grace.get("/api/v1/groups/" + financeTeam + "/requests").json().path("value");
        assertThat(StreamSupport.stream(pending.spliterator(), false).filter(r -> r.path("id").asLong() == id)
                .map(r -> r.path("extendTo").asText())).containsExactly(later.plusDays(1) + "T00:00:00Z");
        WebHarness.Exchange approved = grace.post("/api/v1/requests/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        JsonNode members = grace.get("/api/v1/groups/" + financeTeam + "/members").json().path("value");
        assertThat(StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("dn").asText().startsWith("uid=judy,")).map(m -> m.path("endsAt").asText()))
                .containsExactly(later.plusDays(1) + "T00:00:00Z");
    }

    @Test
    void anExtensionWithoutADayIsAnInvalidField() { // spec T6
        WebHarness.Exchange bad = h.signIn("judy").unchecked().post("/api/v1/groups/" + financeTeam + "/extend",
                Map.of("justification", "please"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("until");
    }
}
