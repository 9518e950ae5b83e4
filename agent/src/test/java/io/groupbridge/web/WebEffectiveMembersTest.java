package io.groupbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec B3 over HTTP, on the demo directory, where Wiki Editors lists the group Project Phoenix beside olivia and peggy:
 * the members API lists the people of Project Phoenix after the direct members when asked (effective=true), paged
 * across both and each with via, as web/openapi.yaml says (the harness checks every exchange against it); the panel's
 * group page has a section for them, two a page here. Both only for those A2 lets see the members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebEffectiveMembersTest {

    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";

    @TempDir
    static Path dir;

    private WebHarness h;
    private String wiki;

    @BeforeAll
    void start() throws Exception {
        h = WebHarness.startPanel(dir, "", 2);
        wiki = h.groupId("Wiki Editors");
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void theMembersApiListsTheMembersThroughNestedGroupsAfterTheDirectOnesWhenAsked() { // spec B3, A2
        WebHarness.Client olivia = h.signIn("olivia");
        JsonNode direct = olivia.get("/api/v1/groups/" + wiki + "/members").json();
        assertThat(direct.path("total").asInt()).isEqualTo(3);
        assertThat(direct.toString()).doesNotContain("\"via\"");

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 8; offset += 3) {
            JsonNode page = olivia.get("/api/v1/groups/" + wiki + "/members?effective=true&offset=" + offset
                    + "&limit=3").json();
            assertThat(page.path("total").asInt()).as("direct and effective").isEqualTo(7);
            for (JsonNode m : page.path("value")) {
                paged.add(m.path("dn").asText().replace(",ou=people,dc=example,dc=com", "") + " "
                        + m.path("via").path("displayName").asText("direct"));
            }
        }
        assertThat(paged).containsExactly(PHOENIX + " direct", "uid=olivia direct", "uid=peggy direct",
                "uid=dave Project Phoenix", "uid=grace Project Phoenix", "uid=heidi Project Phoenix",
                "uid=ivan Project Phoenix");
        JsonNode heidi = olivia.get("/api/v1/groups/" + wiki + "/members?effective=true&offset=5&limit=1").json()
                .path("value").get(0);
        assertThat(heidi.path("pending").asBoolean()).isFalse();
        assertThat(heidi.path("via").path("id").asText()).isEqualTo(h.groupId("Project Phoenix"));
        assertThat(heidi.path("via").path("dn").asText()).isEqualTo(PHOENIX);
        assertThat(heidi.path("via").path("depth").asInt()).isEqualTo(1);

        WebHarness.Exchange bad = olivia.unchecked().get("/api/v1/groups/" + wiki + "/members?effective=yes");
        assertThat(bad.status()).isEqualTo(400);
        WebHarness.Exchange hidden = h.signIn("heidi").get("/api/v1/groups/" + wiki + "/members?effective=true");
        assertThat(hidden.status()).as("heidi is in through Project Phoenix only (B3)").isEqualTo(403);
        assertThat(hidden.json().path("rule").asText()).isEqualTo("A2");
    }

    @Test
    void theGroupPageShowsTheMembersThroughNestedGroupsAPageAtATime() { // spec B3
        WebHarness.Client olivia = h.signIn("olivia").outsideTheSpec();
        String first = olivia.get("/groups/" + wiki).body();
        assertThat(first).contains("Members through nested groups")
                .contains("through <a href=\"/groups/" + WebHarness.enc(h.groupId("Project Phoenix"))
                        + "\">Project Phoenix</a>")
                .contains("Members through nested groups 1 to 2 of 4").contains("?nested=2#nested");
        assertThat(nestedList(first)).contains("uid=dave,").contains("uid=grace,").doesNotContain("uid=heidi,");
        String second = olivia.get("/groups/" + wiki + "?nested=2").body();
        assertThat(nestedList(second)).contains("uid=heidi,")
                .contains("uid=ivan,").doesNotContain("uid=dave,");

        String heidis = h.signIn("heidi").outsideTheSpec().get("/groups/" + wiki).body();
        assertThat(heidis).as("A2 hides the members, nested ones too").doesNotContain("Members through nested groups");
    }

    private static String nestedList(String page) {
        int start = page.indexOf("id=\"nested-list\"");
        assertThat(start).as("the list of members through nested groups").isNotNegative();
        return page.substring(start, page.indexOf("</ul>", start));
    }
}
