package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group expiration over the REST API (spec E1, E2, E4), each exchange held to openapi.yaml by the harness: a group's
 * expiry, renewal by an owner and refusal for others, the listing that flags a group without owners, and a restore
 * of a group that did not expire. The restore of an expired group is held with a test clock in
 * {@code selfservice.GroupExpirationTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebGroupExpirationTest {

    @TempDir
    static Path dir;

    private WebHarness h;
    private String phoenix;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir, """
                governance:
                  expiration:
                    lifetime: 180d
                """);
        phoenix = h.groupId("Project Phoenix");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anOwnerRenewsAndSomeoneElseIsRefusedNamingTheRule() { // spec E1
        WebHarness.Client grace = h.signIn("grace");
        String before = grace.get("/api/v1/groups/" + phoenix + "/expiration").json().path("lifetime")
                .path("expiresAt").asText();

        WebHarness.Exchange refused = h.signIn("judy").post("/api/v1/groups/" + phoenix + "/renew", null);
        WebHarness.Exchange renewed = grace.post("/api/v1/groups/" + phoenix + "/renew", null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("rule").asText()).isEqualTo("E1");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().path("rule").asText()).isEqualTo("E1");
        JsonNode after = grace.get("/api/v1/groups/" + phoenix + "/expiration").json().path("lifetime");
        assertThat(after.path("renewedAt").isTextual()).isTrue();
        assertThat(after.path("expiresAt").asText()).isGreaterThanOrEqualTo(before);
        assertThat(after.path("owners").asInt()).isEqualTo(2);
    }

    @Test
    void theListingFlagsAGroupWithoutOwnersAndLeavesOutKindsThatDoNotExpire() { // spec E1, E2
        JsonNode expiring = h.signIn("judy").get("/api/v1/expiration").json().path("expiring");

        assertThat(StreamSupport.stream(expiring.spliterator(), false).map(g -> g.path("displayName").asText()))
                .containsExactlyInAnyOrder("Project Phoenix", "Marketing Crew", "Book Club");
        assertThat(StreamSupport.stream(expiring.spliterator(), false)
                .filter(g -> g.path("displayName").asText().equals("Book Club")).map(g -> g.path("owners").asInt()))
                .containsExactly(0);
        assertThat(h.signIn("judy").get("/api/v1/groups/" + h.groupId("Finance Team") + "/expiration").json()
                .has("lifetime")).isFalse();
    }

    @Test
    void aGroupThatDidNotExpireIsNotRestoredAndOnlyAdministratorsMayTry() { // spec E4
        WebHarness.Exchange notAdmin = h.signIn("grace").post("/api/v1/groups/" + phoenix + "/restore", null);
        WebHarness.Exchange notExpired = h.signIn("bob").unchecked().post("/api/v1/groups/" + phoenix + "/restore",
                null);

        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().path("rule").asText()).isEqualTo("E4");
        assertThat(notExpired.status()).isEqualTo(400);
        assertThat(notExpired.body()).contains("not-expired");
    }
}
