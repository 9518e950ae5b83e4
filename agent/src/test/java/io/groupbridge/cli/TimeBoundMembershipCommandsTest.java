package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-bound memberships from the command line (spec T1, T2, T4, T5): {@code --until} on an add, the end in
 * {@code members list} and its {@code --json}, a refusal naming T2, and {@code memberships end}. That a membership
 * leaves the directory at its end is held with a test clock in {@code selfservice.TimeBoundMembershipTest}.
 */
class TimeBoundMembershipCommandsTest {

    /** The demo's self-service conf with memberships of at most 30 days (spec T2). */
    static final String AT_MOST_30_DAYS = DemoConf.SELF_SERVICE + """
            governance:
              membership:
                maxDuration: 30d
            """;

    private final CliHarness cli = CliHarness.withDemoPassword();

    @Test
    void anAddWithAnEndDateIsListedWithItsLastDayAndRefusedBeyondTheMaximum(@TempDir Path home) throws Exception {
        String last = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        String tooLate = LocalDate.now(ZoneOffset.UTC).plusDays(60).toString();
        try (TestHome t = TestHome.start(home, null, AT_MOST_30_DAYS)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();

            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "erin", "--until", last, "--user",
                    "bob")).as(cli.err()).isZero(); // spec T1
            assertThat(cli.out()).startsWith("added erin to 'VPN Users' until " + last + ";");

            assertThat(cli.runOn(t.confFile(), "members", "list", "VPN Users", "--user", "bob")).isZero(); // spec T5
            assertThat(cli.out()).containsPattern("MEMBER +STATUS +UNTIL")
                    .containsPattern("uid=erin,ou=people,dc=example,dc=com +in directory +" + last);
            assertThat(cli.runOn(t.confFile(), "members", "list", "VPN Users", "--json", "--user", "bob")).isZero();
            assertThat(cli.out()).contains("\"endsAt\" : \"" + LocalDate.parse(last).plusDays(1) + "T00:00:00Z\"")
                    .contains("\"endsAt\" : null");

            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "frank", "--until", tooLate,
                    "--user", "bob")).isEqualTo(1); // spec T2
            assertThat(cli.err()).contains("at most 30 days").contains("(spec T2)");

            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "frank", "--until", "next week",
                    "--user", "bob")).isEqualTo(2);
            assertThat(cli.err()).contains("--until 'next week' is not a date");

            assertThat(cli.runOn(t.confFile(), "memberships", "end")).as(cli.err()).isZero(); // spec T4
            assertThat(cli.out()).isEqualTo("memberships ended: 0\n");
        }
    }

    @Test
    void aMemberSeesTheirEndInMyGroupsAndAsksToExtendItAndTheOwnerApproves(@TempDir Path home)
            throws Exception { // spec T5, T6
        String last = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        String later = LocalDate.now(ZoneOffset.UTC).plusDays(20).toString();
        try (TestHome t = TestHome.start(home, null, AT_MOST_30_DAYS)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();
            assertThat(cli.runOn(t.confFile(), "members", "add", "VPN Users", "erin", "--until", last, "--user",
                    "bob")).as(cli.err()).isZero();

            assertThat(cli.runOn(t.confFile(), "groups", "mine", "--user", "erin")).as(cli.err()).isZero(); // T5
            assertThat(cli.out()).containsPattern("MEMBER +UNTIL +STATE").containsPattern("VPN Users .* yes +" + last);
            assertThat(cli.runOn(t.confFile(), "groups", "mine", "--json", "--user", "erin")).isZero();
            assertThat(cli.out()).contains("\"memberEndsAt\" : \"" + LocalDate.parse(last).plusDays(1) + "T00:00:00Z\"");

            assertThat(cli.runOn(t.confFile(), "extend", "VPN Users", "--until", last, "--user", "erin"))
                    .isEqualTo(1);
            assertThat(cli.err()).contains("(spec T6)");
            assertThat(cli.runOn(t.confFile(), "extend", "VPN Users", "--until", later, "-j", "the audit runs on",
                    "--user", "erin")).as(cli.err()).isZero();
            assertThat(cli.out()).contains("to extend your membership of 'VPN Users' until " + later);

            assertThat(cli.runOn(t.confFile(), "requests", "list", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern("EXTEND TO").contains(later);
            assertThat(cli.runOn(t.confFile(), "requests", "list", "--json", "--user", "bob")).isZero();
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\" : (\\d+)").matcher(cli.out());
            assertThat(id.find()).isTrue();
            assertThat(cli.runOn(t.confFile(), "requests", "approve", id.group(1), "--user", "bob"))
                    .as(cli.err()).isZero();
            assertThat(cli.out()).contains("until " + later);

            assertThat(cli.runOn(t.confFile(), "members", "list", "VPN Users", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern("uid=erin,ou=people,dc=example,dc=com +in directory +" + later);
        }
    }
}
