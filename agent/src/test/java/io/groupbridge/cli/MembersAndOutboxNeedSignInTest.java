package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, findings 1 (its sign-in half) and 6: {@code groups list|show} and {@code outbox list|retry} sign in
 * first (A16); a group's members are shown only to its members and owners, administrators and service principals
 * (A2, A14), and the outbox, which names the members of every group, only to administrators and service principals.
 */
class MembersAndOutboxNeedSignInTest {

    private static final String HEIDI = "uid=heidi,ou=people,dc=example,dc=com";
    private static final String IVAN = "uid=ivan,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private TestHome testHome;
    private String conf;
    private final CliHarness cli = CliHarness.wideWithDemoPassword();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        conf = testHome.confFile().toString();
        assertThat(cli.run("--conf", conf, "reconcile")).isZero();
        // One outbox row naming a person, as a member add leaves behind.
        assertThat(cli.run("--conf", conf, "members", "add", "VPN Users", "olivia", "--user", "bob")).isZero();
    }

    @AfterEach
    void stop() {
        testHome.close();
    }

    @Test
    void withoutSigningInNothingIsShown() { // spec A16
        for (List<String> command : List.of(List.of("groups", "list"), List.of("groups", "show", "Project Phoenix"),
                List.of("outbox", "list"), List.of("outbox", "retry", "--all"))) {
            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(2);
            assertThat(cli.err()).contains("sign in with --user LOGIN or with --service-principal NAME");
            assertThat(cli.out()).doesNotContain("uid=");
        }
        assertThat(cli.run("--conf", conf, "groups", "show", "Project Phoenix", "--user", "heidi", "--password-file",
                home.resolve("missing").toString())).isEqualTo(2);
        assertThat(cli.out()).doesNotContain(HEIDI);
    }

    @Test
    void aSignedInPersonListsGroupsWithoutTheirMembers() { // spec A1
        assertThat(cli.run("--conf", conf, "groups", "list", "--user", "erin")).isZero();
        assertThat(cli.out()).contains("Project Phoenix", "VPN Users").doesNotContain("uid=");
    }

    @Test
    void someoneOutsideTheGroupSeesItsOwnersButNotItsMembersAndIsToldWhy() { // spec A2, A14
        assertThat(cli.run("--conf", conf, "groups", "show", "Project Phoenix", "--user", "erin")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("owners (2)", "uid=grace,ou=people,dc=example,dc=com",
                        "members: not shown: only the members and owners of this group can see its members (spec A2)")
                .doesNotContain(HEIDI, IVAN, "  members (");

        assertThat(cli.run("--conf", conf, "groups", "show", "Project Phoenix", "--json", "--user", "erin")).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("\"membersHidden\"", "(spec A2)").doesNotContain(HEIDI, "\"members\" : [");

        // Owning other groups gives no view of this one (A14): grace owns four groups, not Helpdesk Agents.
        assertThat(cli.run("--conf", conf, "groups", "show", "Helpdesk Agents", "--user", "grace")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("members: not shown").doesNotContain("uid=frank", "uid=judy");
    }

    @Test
    void membersOwnersAdministratorsAndServicePrincipalsSeeTheMembers() { // spec A2
        for (String[] signIn : List.of(new String[] {"--user", "heidi"}, new String[] {"--user", "carol"},
                new String[] {"--service-principal", "automation"})) {
            assertThat(cli.run("--conf", conf, "groups", "show", "VPN Users", signIn[0], signIn[1]))
                    .as(String.join(" ", signIn) + ": " + cli.err()).isZero();
            assertThat(cli.out()).contains("members (7)", HEIDI, "uid=olivia,ou=people,dc=example,dc=com");
        }
    }

    @Test
    void onlyAdministratorsAndServicePrincipalsUseTheOutbox() throws Exception { // spec A2, A5, W3
        assertThat(cli.run("--conf", conf, "outbox", "list", "--user", "bob")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("add-member", "uid=olivia,ou=people,dc=example,dc=com");
        assertThat(cli.run("--conf", conf, "outbox", "list", "--service-principal", "automation")).isZero();
        assertThat(cli.run("--conf", conf, "outbox", "retry", "--all", "--user", "alice")).isZero();

        // grace owns four groups; owning groups is not enough.
        assertThat(cli.run("--conf", conf, "outbox", "list", "--user", "grace")).isOne();
        assertThat(cli.err()).contains("refused: only administrators can see the write-back outbox", "(spec A2)");
        assertThat(cli.out()).doesNotContain("uid=olivia");
        assertThat(cli.run("--conf", conf, "outbox", "retry", "--all", "--user", "grace")).isOne();
        assertThat(cli.err()).contains("refused: only administrators can send parked write-backs again", "(spec A5)");
        try (GroupbridgeApp app = testHome.openApp()) {
            List<String> refusals = app.store().jdbi().withHandle(h -> h.createQuery("SELECT action_name || ' '"
                    + " || outcome || ' ' || decided_rule FROM audit_event"
                    + " WHERE actor_dn = 'uid=grace,ou=people,dc=example,dc=com' ORDER BY id")
                    .mapTo(String.class).list());
            assertThat(refusals).containsExactly("view-outbox refused A2", "retry-outbox refused A5");
        }
    }

    private int run(List<String> command) {
        String[] args = new String[command.size() + 2];
        args[0] = "--conf";
        args[1] = conf;
        for (int i = 0; i < command.size(); i++) {
            args[i + 2] = command.get(i);
        }
        return cli.run(args);
    }
}
