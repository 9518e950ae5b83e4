package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk adds and exports from the command line (spec B1, B2): {@code members add --file} is all or nothing and lists
 * each refusal with its rule; {@code members list --csv} and {@code audit --csv} print RFC 4180 CSV.
 */
class BulkAndExportCommandsTest {

    private final CliHarness cli = CliHarness.withDemoPassword();

    @Test
    void aListWithOneRefusalAddsNobodyAndAListThatPassesAddsEveryone(@TempDir Path home) throws Exception {
        String last = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        String tooLate = LocalDate.now(ZoneOffset.UTC).plusDays(90).toString();
        try (TestHome t = TestHome.start(home, null, TimeBoundMembershipCommandsTest.AT_MOST_30_DAYS)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();
            Path refused = Files.writeString(home.resolve("refused.csv"), "person,until\r\nerin," + last
                    + "\r\nnobody-here\r\n\r\nfrank," + tooLate + "\r\n");

            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "--file", refused.toString(), "--user",
                    "bob")).isEqualTo(1); // spec B1
            assertThat(cli.err()).contains("nothing was added: 2 of 3 people refused (spec B1)")
                    .containsPattern("3 +nobody-here +no-such-person").containsPattern("5 +frank +T2");
            assertThat(cli.runOn(t.confFile(), "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).doesNotContain("uid=erin,");
            assertThat(cli.runOn(t.confFile(), "outbox", "list", "--user", "bob")).isZero();
            assertThat(cli.out()).doesNotContain("uid=erin,");

            Path good = Files.writeString(home.resolve("good.csv"), "erin," + last + "\n\"frank\"\n");
            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "--file", good.toString(), "--user",
                    "bob")).as(cli.err()).isZero();
            assertThat(cli.out()).contains("added erin to 'VPN Users' until " + last)
                    .contains("added or changed 2 of 2 people in 'VPN Users'");

            assertThat(cli.runOn(t.confFile(), "members", "list", "VPN Users", "--csv", "--user", "bob")).isZero();
            assertThat(cli.out()).startsWith("member,status,until\r\n") // spec B2
                    .contains("\"uid=erin,ou=people,dc=example,dc=com\",in directory," + last + "\r\n")
                    .contains("\"uid=frank,ou=people,dc=example,dc=com\",in directory,\r\n");

            assertThat(cli.runOn(t.confFile(), "audit", "--group", "VPN Users", "--csv", "--user", "bob")).isZero();
            assertThat(cli.out()).startsWith("id,at,actorDn,action,groupId,groupDn,targetDn,outcome,rule,detail,"
                    + "settingsVersion\r\n").contains(",add-member,").contains(",refused,no-such-person,")
                    .contains("none added (spec B1)");
        }
    }
}
