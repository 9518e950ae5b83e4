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
 * Access reviews from the command line (spec V1-V4, V6): {@code reviews start|list|show|decide|close|export|run}
 * signed in as an administrator, an owner and a stranger. The deadline and the failsafe are held with a test clock
 * in {@code selfservice.AccessReviewTest}; here {@code reviews close} is the administrator's early close.
 */
class ReviewsCommandTest {

    private static final String IVAN = "uid=ivan,ou=people,dc=example,dc=com";

    private final CliHarness cli = CliHarness.wideWithDemoPassword();

    private final String deadline = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();

    @Test
    void anAdministratorStartsAnOwnerDecidesAndTheResultsAreExported(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            Path conf = t.confFile();
            assertThat(cli.runOn(conf, "reconcile")).isZero();

            assertThat(cli.runOn(conf, "reviews", "start", "Project Phoenix", "--deadline", deadline, "--default",
                    "keep", "--title", "Phoenix Q2", "--user", "grace")).isEqualTo(1); // spec V1
            assertThat(cli.err()).contains("(spec V1)");
            assertThat(cli.runOn(conf, "reviews", "start", "Project Phoenix", "--deadline", deadline, "--default",
                    "keep", "--title", "Phoenix Q2", "--user", "bob")).as(cli.err()).isZero();
            assertThat(cli.out()).startsWith("review 1 of 1 group (4 members) started; undecided members are kept");

            assertThat(cli.runOn(conf, "reviews", "list", "--user", "grace")).isZero(); // spec V6
            assertThat(cli.out()).containsPattern("1 +Phoenix Q2 +open +.* +keep +4 +4");
            assertThat(cli.runOn(conf, "reviews", "list", "--user", "mallory")).isZero();
            assertThat(cli.out()).isEqualTo("no reviews\n");

            assertThat(cli.runOn(conf, "reviews", "decide", "1", "ivan", "remove", "--reason", "left the project",
                    "--user", "niaj")).isEqualTo(1); // spec V2
            assertThat(cli.err()).contains("(spec V2)");
            assertThat(cli.runOn(conf, "reviews", "decide", "1", "ivan", "remove", "--reason", "left the project",
                    "--user", "grace")).as(cli.err()).isZero(); // spec V2
            assertThat(cli.out()).isEqualTo("removed ivan from 'Project Phoenix' (review 1); written to the"
                    + " directory\n");
            assertThat(t.directory().server().getEntry("cn=Project Phoenix,ou=groups,dc=example,dc=com")
                    .getAttributeValues("member")).doesNotContain(IVAN);

            assertThat(cli.runOn(conf, "reviews", "show", "1", "--user", "grace")).isZero();
            assertThat(cli.out()).containsPattern("Project Phoenix +" + IVAN + " +remove +removed +uid=grace");
            assertThat(cli.runOn(conf, "reviews", "show", "1", "--user", "mallory")).isEqualTo(1); // spec A14
            assertThat(cli.err()).contains("(spec A14)");

            assertThat(cli.runOn(conf, "reviews", "export", "1", "--user", "bob")).isZero(); // spec V4
            assertThat(cli.out()).startsWith("review,group,group_dn,member,decision,reason,decided_by,decided_at,"
                    + "outcome,outbox_id\r\n").contains("1,Project Phoenix,\"cn=Project Phoenix,ou=groups,dc=example,"
                    + "dc=com\",\"" + IVAN + "\",remove,left the project,");
            assertThat(cli.runOn(conf, "reviews", "export", "1", "--format", "json", "--user", "bob")).isZero();
            assertThat(cli.out()).contains("\"title\" : \"Phoenix Q2\"").contains("\"decision\" : \"remove\"")
                    .contains("\"outcome\" : \"removed\"");

            assertThat(cli.runOn(conf, "reviews", "close", "1", "--user", "grace")).isEqualTo(1); // spec V1
            assertThat(cli.runOn(conf, "reviews", "close", "1", "--user", "bob")).as(cli.err()).isZero(); // V3
            assertThat(cli.out()).isEqualTo("review 1 closed; the default (keep) kept 3 and removed 0\n");
            assertThat(cli.runOn(conf, "audit", "--group", "Project Phoenix", "--user", "grace")).isZero();
            assertThat(cli.out()).contains("review-remove").contains("review-default-keep").contains("review-start");
        }
    }

    @Test
    void closingADefaultRemoveThatWouldRemoveTooMuchIsHeldAndExitsOne(@TempDir Path home) throws Exception {
        // spec V3
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                reconcile:
                  maxRemovalShare: 0.5
                  largeGroupThreshold: 2
                """)) {
            Path conf = t.confFile();
            assertThat(cli.runOn(conf, "reconcile")).isZero();
            assertThat(cli.runOn(conf, "reviews", "start", "--kind", "unified", "--name", "project*", "--deadline",
                    deadline, "--default", "remove", "--user", "bob")).as(cli.err()).isZero();

            assertThat(cli.runOn(conf, "reviews", "close", "1", "--json", "--user", "bob")).isEqualTo(1);
            assertThat(cli.out()).contains("held back by the failsafe").contains("would remove 4 of the 4 members");
            assertThat(t.directory().server().getEntry("cn=Project Phoenix,ou=groups,dc=example,dc=com")
                    .getAttributeValues("member")).hasSize(4);
            assertThat(cli.runOn(conf, "reviews", "list", "--user", "bob")).isZero();
            assertThat(cli.out()).containsPattern("1 +review of groups named project\\* of kind unified +held");

            assertThat(cli.runOn(conf, "reviews", "run")).isEqualTo(1);
            assertThat(cli.out()).contains("reviews started: 0, closed: 0, members removed by default: 0")
                    .contains("held back by the failsafe");
        }
    }
}
