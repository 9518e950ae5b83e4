package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group expiration from the command line (spec E1-E4): {@code groups expiring}, {@code groups renew},
 * {@code groups expire}, {@code groups expired} and {@code groups restore}. The demo's unified groups are Project
 * Phoenix (owners grace and dave), Marketing Crew (niaj) and Book Club (no owner). Days and reminders are held with
 * a test clock in {@code selfservice.GroupExpirationTest}; here the lifetime is a second.
 */
class GroupExpirationCommandsTest {

    private final CliHarness cli = CliHarness.withDemoPassword();

    @Test
    void ownersRenewAndTheGroupsWithoutOwnersAreTheAdministrators(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  expiration:
                    lifetime: 180d
                """)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();

            assertThat(cli.runOn(t.confFile(), "groups", "expiring", "--user", "judy")).as(cli.err()).isZero();
            assertThat(cli.out()).containsPattern("GROUP +KIND +EXPIRES +OWNERS")
                    .containsPattern("Book Club +unified +\\S+ +none: administrators renew") // spec E2
                    .contains("Project Phoenix").contains("Marketing Crew").doesNotContain("Finance Team");

            assertThat(cli.runOn(t.confFile(), "groups", "renew", "Project Phoenix", "--user", "judy"))
                    .isEqualTo(1); // spec E1
            assertThat(cli.err()).contains("only the owners of this group and administrators can renew it")
                    .contains("(spec E1)");
            assertThat(cli.runOn(t.confFile(), "groups", "renew", "Project Phoenix", "--user", "grace"))
                    .as(cli.err()).isZero();
            assertThat(cli.out()).startsWith("renewed group 'Project Phoenix'; it expires at ");
            assertThat(cli.runOn(t.confFile(), "groups", "renew", "Book Club", "--json", "--user", "bob"))
                    .as(cli.err()).isZero(); // spec E2
            assertThat(cli.out()).contains("\"rule\" : \"E1\"").contains("\"changed\" : true");

            assertThat(cli.runOn(t.confFile(), "groups", "expire")).as(cli.err()).isZero();
            assertThat(cli.out()).isEqualTo("groups expired: 0, reminders sent: 0\n");
        }
    }

    @Test
    void anExpiredGroupIsListedAndRestoredByAnAdministrator(@TempDir Path home) throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  expiration:
                    lifetime: 1s
                    remindBefore: []
                """)) {
            assertThat(cli.runOn(t.confFile(), "reconcile")).isZero();
            assertThat(cli.runOn(t.confFile(), "groups", "expire")).as(cli.err()).isZero();
            Thread.sleep(1100);

            assertThat(cli.runOn(t.confFile(), "groups", "expire")).as(cli.err()).isZero(); // spec E3
            assertThat(cli.out()).startsWith("groups expired: 3, reminders sent: 0\n");
            assertThat(t.directory().server().getEntry("cn=Project Phoenix,ou=groups,dc=example,dc=com")).isNull();

            assertThat(cli.runOn(t.confFile(), "groups", "expired", "--user", "grace")).as(cli.err()).isZero();
            assertThat(cli.out()).containsPattern("GROUP +DN +EXPIRED +RESTORABLE UNTIL").contains("Project Phoenix")
                    .contains("Book Club");

            assertThat(cli.runOn(t.confFile(), "groups", "restore", "Project Phoenix", "--user", "grace"))
                    .isEqualTo(1); // spec E4
            assertThat(cli.err()).contains("(spec E4)");
            assertThat(cli.runOn(t.confFile(), "groups", "restore", "Project Phoenix", "--user", "bob"))
                    .as(cli.err()).isZero(); // spec E4
            assertThat(cli.out()).isEqualTo("restoring group 'Project Phoenix' with 2 owner(s) and 4 member(s);"
                    + " written to the directory\n");
            assertThat(t.directory().server().getEntry("cn=Project Phoenix,ou=groups,dc=example,dc=com")
                    .getAttributeValues("member")).hasSize(4);

            assertThat(cli.runOn(t.confFile(), "reconcile")).as(cli.err()).isZero();
            assertThat(cli.runOn(t.confFile(), "groups", "show", "Project Phoenix", "--user", "grace")).isZero();
            assertThat(cli.out()).contains("state:        active");
        }
    }
}
