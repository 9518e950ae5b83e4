package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/groups/{id}/members/bulk} (spec B1): a list of people added all or nothing through the same
 * service as {@code members add --file}, each exchange held to openapi.yaml by the harness; a refusal is one 403
 * naming B1 with each person refused, and nothing is changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebBulkAddTest {

    @TempDir
    static Path dir;

    // One server for the class: each test but the first refuses its list, so none changes what another sees.
    private WebHarness h;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.start(dir);
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anOwnerAddsAListAndEveryoneIsPendingUntilTheWriteBack() { // spec B1, A5, T1
        String phoenix = h.groupId("Project Phoenix");
        String last = LocalDate.now(ZoneOffset.UTC).plusDays(9).toString();

        WebHarness.Exchange added = h.signIn("grace").post("/api/v1/groups/" + phoenix + "/members/bulk",
                Map.of("people", List.of(Map.of("person", "frank"), Map.of("person", "judy", "until", last))));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode body = added.json();
        assertThat(body.path("changed").asBoolean()).isTrue();
        assertThat(body.path("writeBack").asText()).isEqualTo("pending");
        assertThat(body.path("outboxIds")).hasSize(2);
        assertThat(texts(body.path("people"), "message")).hasSize(2).anySatisfy(m -> assertThat(m)
                .contains("until " + last));
        assertThat(outbox()).contains("add-member uid=frank" + WebHarness.PEOPLE,
                "add-member uid=judy" + WebHarness.PEOPLE);
    }

    @Test
    void aListWithOneRefusedPersonAddsNobodyAndNamesEachRefusal() { // spec B1, T2, A15
        String finance = h.groupId("Finance Team");
        List<String> before = outbox();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        WebHarness.Exchange refused = h.signIn("grace").post("/api/v1/groups/" + finance + "/members/bulk",
                Map.of("people", List.of(Map.of("person", "frank"), Map.of("person", "nobody-here"),
                        Map.of("person", "judy", "until", yesterday))));

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        JsonNode problem = refused.json();
        assertThat(problem.path("code").asText()).isEqualTo("refused");
        assertThat(problem.path("rule").asText()).isEqualTo("B1");
        assertThat(problem.path("detail").asText()).startsWith("nothing was added: 2 of 3 people refused").endsWith("(spec B1)");
        assertThat(texts(problem.path("refused"), "position")).containsExactly("2", "3");
        assertThat(texts(problem.path("refused"), "rule")).containsExactly("no-such-person", "T2");
        assertThat(texts(problem.path("refused"), "person")).containsExactly("nobody-here", "judy");
        assertThat(outbox()).as("all or nothing: frank is not added either").isEqualTo(before);
    }

    @Test
    void someoneWhoOwnsNotTheGroupIsRefusedForEveryPersonOfTheList() { // spec B1, A5
        String finance = h.groupId("Finance Team");
        List<String> before = outbox();

        WebHarness.Exchange refused = h.signIn("erin").post("/api/v1/groups/" + finance + "/members/bulk",
                Map.of("people", List.of(Map.of("person", "frank"), Map.of("person", "judy"))));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("rule").asText()).isEqualTo("B1");
        assertThat(texts(refused.json().path("refused"), "rule")).containsExactly("A5", "A5");
        assertThat(outbox()).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNoListOfPeopleIsBadInputAndChangesNothing() { // spec B1
        String path = "/api/v1/groups/" + h.groupId("Finance Team") + "/members/bulk";
        WebHarness.Client grace = h.signIn("grace").unchecked();
        List<String> before = outbox();

        assertThat(grace.post(path, Map.of("people", List.of())).json().path("code").asText())
                .isEqualTo("field-required");
        assertThat(grace.post(path, Map.of()).json().path("code").asText()).isEqualTo("field-required");
        assertThat(grace.post(path, Map.of("people", "frank")).json().path("code").asText())
                .isEqualTo("invalid-field");
        assertThat(grace.post(path, Map.of("people", List.of(Map.of("person", "frank", "role", "owner"))))
                .json().path("code").asText()).isEqualTo("invalid-field");
        WebHarness.Exchange badDay = grace.post(path, Map.of("people", List.of(Map.of("person", "frank"),
                Map.of("person", "judy", "until", "soon"))));
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.json().path("detail").asText()).contains("'soon'").contains("person 2");
        assertThat(outbox()).isEqualTo(before);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    private List<String> outbox() {
        return h.jdbi().withHandle(x -> x.createQuery("SELECT operation || ' ' || COALESCE(value_dn, group_dn)"
                + " FROM outbox ORDER BY id").mapTo(String.class).list());
    }
}
