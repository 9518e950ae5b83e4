package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groups create} and the lookups after it, through the command line on the embedded demo directory. */
class GroupCreateCommandTest {

    @TempDir
    Path home;

    private TestHome testHome;
    private CliHarness cli = new CliHarness();

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        assertThat(run(DemoConf.PASSWORD, "reconcile")).isZero();
    }

    @AfterEach
    void stop() {
        testHome.close();
    }

    private int run(String password, String... args) {
        cli = new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, password));
        return cli.runOn(testHome.confFile(), args);
    }

    private int as(String login, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--user";
        all[args.length + 1] = login;
        return run(DemoConf.PASSWORD, all);
    }

    private List<String> outboxRows() throws Exception {
        try (GroupbridgeApp app = testHome.openApp()) {
            return app.store().jdbi().withHandle(h -> h.createQuery("SELECT operation FROM outbox")
                    .mapTo(String.class).list());
        }
    }

    /** Issue 10, finding 4: was "created group", exit 0, and a write-back parked for good. */
    @Test
    void aGroupWithoutAnOwnerIsRefusedAsBadInputNamingTheReason() throws Exception {
        assertThat(as("bob", "groups", "create", "SaaS Access")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("a groupOfNames entry needs at least one member", "--owner");
        assertThat(run("automation-secret", "groups", "create", "Robots", "--kind", "unified",
                "--service-principal", "automation")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("a service principal is never an owner");
        assertThat(outboxRows()).isEmpty();
    }

    /** Issue 10, finding 9, the delegated scenario: the administrator's SaaS access group is not open to employees. */
    @Test
    void anEmployeeCannotJoinTheSecurityGroupAnAdministratorCreated() throws Exception {
        assertThat(as("bob", "groups", "create", "SaaS Access", "--owner", "dave")).as(cli.err()).isZero();

        assertThat(as("mallory", "join", "SaaS Access")).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).contains("only the owners of this group can add members", "P3");
    }

    /** Issue 10, finding 11: a look-alike of the role group is refused; a decomposed spelling finds the group. */
    @Test
    void lookAlikeNamesAreRefusedAndDecomposedNamesFindTheGroup() throws Exception {
        assertThat(as("bob", "groups", "create", "Global Administrators\u200B", "--owner", "mallory"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("U+200B");
        assertThat(as("heidi", "groups", "create", "Caf\u00e9 Cr\u00e8me", "--kind", "unified")).as(cli.err())
                .isZero();

        String decomposed = Normalizer.normalize("Caf\u00e9 Cr\u00e8me", Normalizer.Form.NFD);
        assertThat(as("mallory", "join", decomposed)).as(cli.err()).isZero();
        assertThat(outboxRows()).containsExactly("create-group", "add-member");
    }
}
