package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec B3 from the command line, on the demo directory, where Wiki Editors lists olivia, peggy and the group Project
 * Phoenix (grace, dave, heidi, ivan): {@code members list --effective} shows the people of Project Phoenix after the
 * direct members, through that group, in text, JSON and CSV; and heidi, only in through it, is no member to the rules.
 */
class EffectiveMembersCommandTest {

    private static final String PEOPLE = ",ou=people,dc=example,dc=com";
    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";

    private final CliHarness cli = CliHarness.wideWithDemoPassword();

    @Test
    void membersListWithEffectiveShowsThePeopleOfANestedGroupThroughIt(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();

            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--user", "olivia")).isZero();
            assertThat(cli.out()).as("without --effective, the direct members only").contains(PHOENIX)
                    .doesNotContain("uid=heidi").doesNotContain("VIA");

            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--effective", "--user", "olivia"))
                    .as(cli.err()).isZero(); // spec B3
            assertThat(cli.out()).containsPattern("MEMBER +STATUS +UNTIL +VIA")
                    .containsPattern("uid=peggy" + PEOPLE + " +in directory +direct")
                    .containsPattern("uid=heidi" + PEOPLE + " +in directory +Project Phoenix")
                    .containsPattern("uid=grace" + PEOPLE + " +in directory +Project Phoenix");
            assertThat(cli.out().indexOf("uid=dave")).as("after the direct members")
                    .isGreaterThan(cli.out().indexOf("uid=peggy"));

            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--effective", "--csv", "--user",
                    "olivia")).isZero();
            assertThat(cli.out()).startsWith("member,status,until,via\r\n") // spec B2, B3
                    .contains("\"uid=olivia" + PEOPLE + "\",in directory,,direct\r\n")
                    .contains("\"uid=ivan" + PEOPLE + "\",in directory,,\"" + PHOENIX + "\"\r\n");
            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--csv", "--user", "olivia"))
                    .isZero();
            assertThat(cli.out()).as("B2's export keeps its columns").startsWith("member,status,until\r\n")
                    .doesNotContain("uid=ivan");

            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--effective", "--json", "--user",
                    "olivia")).isZero();
            JsonNode list = new ObjectMapper().readTree(cli.out());
            assertThat(list).hasSize(7);
            assertThat(list.get(0).get("via").isNull()).as("a direct member").isTrue();
            JsonNode dave = list.get(3);
            assertThat(dave.get("dn").asText()).isEqualTo("uid=dave" + PEOPLE);
            assertThat(dave.get("via").get("name").asText()).isEqualTo("Project Phoenix");
            assertThat(dave.get("via").get("dn").asText()).isEqualTo(PHOENIX);
        }
    }

    @Test
    void someoneOnlyInANestedGroupIsNoMemberToTheRules(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();

            assertThat(cli.runOn(t.confFile(), "members", "list", "Wiki Editors", "--effective", "--user", "heidi"))
                    .isEqualTo(1); // spec B3, A2
            assertThat(cli.err()).contains("A2");
            assertThat(cli.runOn(t.confFile(), "leave", "Wiki Editors", "--user", "heidi")).isEqualTo(2); // B3, A6
            assertThat(cli.err()).contains("you are not a member of 'Wiki Editors'");
        }
    }
}
