package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import ch.qos.logback.classic.LoggerContext;
import io.groupbridge.logging.ConsoleLevelFilter;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the command line says, as an administrator meets it first (issue 15). */
class CliMessagesTest {

    @TempDir
    Path home;

    // No COLUMNS: tables fit the default 100 columns.
    private final CliHarness cli = CliHarness.withDemoPassword();

    /** Issue 15, finding 3: {@code groupbridge help} exited 2; it is picocli's help command now. */
    @Test
    void helpIsACommandThatShowsTheUsageAndSucceeds() {
        assertThat(cli.run("help")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Usage: groupbridge", "requests", "Exit codes:");
        assertThat(cli.run("help", "groups")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Usage: groupbridge groups", "create", "delete");
    }

    /**
     * Issue 15, finding 3: {@code groups --help} said "List and show groups" though it also creates, edits and
     * deletes; each subcommand offered {@code -V, --version}, which only the top command has anything to show for.
     */
    @Test
    void onlyTheTopCommandOffersAVersionAndGroupsSaysAllItDoes() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("-V, --version", "-h, --help");
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).startsWith("groupbridge ");
        for (String[] command : new String[][] {{"groups"}, {"groups", "create"}, {"join"}, {"requests", "approve"},
                {"conf"}, {"reconcile"}}) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            assertThat(cli.run(args)).isZero();
            assertThat(cli.out()).as(String.join(" ", command)).contains("-h, --help").doesNotContain("--version");
        }
        assertThat(cli.run("groups", "--help")).isZero();
        assertThat(cli.out()).contains("List, show, create, edit, rename and delete groups");
        assertThat(cli.run("groups", "--version")).isEqualTo(ExitCodes.USAGE);
    }

    /** Issue 15, finding 3: a repeated decision said "request 1 this request was already approved; nothing changed". */
    @Test
    void aRepeatedApprovalSaysSoInOneSentence() throws Exception {
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            assertThat(cli.run("--conf", conf, "groups", "create", "Rust Guild", "--kind", "unified", "--policy",
                    "owner-approval", "--user", "heidi")).as(cli.err()).isZero();
            assertThat(cli.run("--conf", conf, "request", "Rust Guild", "-j", "I write Rust", "--user", "niaj"))
                    .isZero();
            String id = cli.out().split(" ")[1];
            assertThat(cli.run("--conf", conf, "requests", "approve", id, "--user", "heidi")).isZero();

            assertThat(cli.run("--conf", conf, "requests", "approve", id, "--user", "heidi")).isZero();
            assertThat(cli.out()).isEqualTo("request " + id + " was already approved; nothing changed\n");
        }
    }

    /** Issue 15, finding 5: the audit table ran 337 columns wide; it fits a terminal of 100 columns. */
    @Test
    void theAuditTableFitsAHundredColumns() throws Exception {
        CliHarness cli = new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD, "COLUMNS", "100"));
        try (TestHome t = TestHome.start(home, null, DemoConf.SELF_SERVICE)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            assertThat(cli.run("--conf", conf, "groups", "create", "Application Expenses Approvers", "--kind",
                    "unified", "--policy", "owner-approval", "--user", "heidi")).as(cli.err()).isZero();
            assertThat(cli.run("--conf", conf, "request", "Application Expenses Approvers", "-j", "I approve travel"
                    + " costs for the whole department and need every request", "--user", "niaj")).isZero();

            assertThat(cli.run("--conf", conf, "audit", "--user", "alice")).as(cli.err()).isZero();
            assertThat(cli.out().lines()).hasSizeGreaterThan(2)
                    .allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
            assertThat(cli.run("--conf", conf, "groups", "list", "--user", "alice")).isZero();
            assertThat(cli.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
            assertThat(cli.out()).contains("Application", "Expenses", "Approvers");
        }
    }

    /** Issue 15, finding 5: a one-shot command keeps the console to warnings; -v (anywhere) raises it to INFO. */
    @Test
    void aOneShotCommandShowsOnlyWarningsOnTheConsoleUnlessVerbose() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(cli.run("--help")).isZero();
        assertThat(context.getProperty(ConsoleLevelFilter.PROPERTY)).isEqualTo("WARN");
        assertThat(cli.run("-v", "--help")).isZero();
        assertThat(context.getProperty(ConsoleLevelFilter.PROPERTY)).isEqualTo("INFO");
        assertThat(cli.run("conf", "--help")).isZero();
        assertThat(context.getProperty(ConsoleLevelFilter.PROPERTY)).isEqualTo("WARN");
        assertThat(cli.run("conf", "--verbose", "--help")).isZero();
        assertThat(context.getProperty(ConsoleLevelFilter.PROPERTY)).isEqualTo("INFO");
        assertThat(cli.run("run", "--help")).isZero();
        assertThat(context.getProperty(ConsoleLevelFilter.PROPERTY)).isEqualTo("INFO");
        assertThat(cli.out()).contains("-v, --verbose");
    }

    /** Issue 15, finding 3: status said "1 warnings". */
    @Test
    void statusCountsOneWarningInTheSingular() throws Exception {
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            t.directory().server().modify("cn=Book Club,ou=groups,dc=example,dc=com", new Modification(
                    ModificationType.ADD, "member", "uid=mallory,ou=people,dc=example,dc=com"));
            // The one warning is the demo's member value that points at no entry, reported while it stays.
            assertThat(cli.run("--conf", conf, "reconcile")).isZero();
            assertThat(cli.out()).contains("warnings (1):", "uid=former-employee,ou=people,dc=example,dc=com points"
                    + " at no entry");
            assertThat(cli.run("--conf", conf, "status")).isZero();
            assertThat(cli.out()).containsPattern("reconcile: succeeded at .*, 1 change, 1 warning\n");
        }
    }
}
