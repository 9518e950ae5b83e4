package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.testing.TestHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile, groups and conf commands as an administrator runs them: output, and exit codes 0/1/2. */
class ReconcileCommandTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                Clock.systemUTC(), false);
        return GroupbridgeCommand.execute(env, args);
    }

    @Test
    void reconcilePrintsEveryGroupKindThenNoChangesOnTheSecondRun() throws Exception {
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();

            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(out.toString())
                    .contains("mail-enabled security", "distribution", "unified", "dynamic", "role-assignable")
                    .contains("owners-only", "open", "self-service", "portal", "api")
                    .contains("G3:", "G4:", "G5:", "G6:")
                    .contains("points at no entry");

            assertThat(run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(out.toString()).startsWith("no changes");
        }
    }

    @Test
    void dryRunSaysSoAndAJsonReportIsMachineReadable() throws Exception { // spec Y4, Y5
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();

            assertThat(run("--conf", conf, "reconcile", "--dry-run")).isEqualTo(0);
            assertThat(out.toString()).contains("dry run: the store was not changed");

            assertThat(run("--conf", conf, "reconcile", "--json")).isEqualTo(0);
            assertThat(out.toString()).contains("\"dryRun\" : false", "\"groupsAdded\" : 16", "\"outcome\" : \"SUCCEEDED\"");
        }
    }

    @Test
    void groupsListAndShowReadTheStore() throws Exception {
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            run("--conf", conf, "reconcile");

            assertThat(run("--conf", conf, "groups", "list")).isEqualTo(0);
            assertThat(out.toString()).contains("Project Phoenix", "Finance Alerts");

            assertThat(run("--conf", conf, "groups", "show", "project phoenix")).isEqualTo(0);
            assertThat(out.toString()).contains("cn=Project Phoenix,ou=groups,dc=example,dc=com", "owners (2)");

            assertThat(run("--conf", conf, "groups", "show", "cn=project phoenix, ou=groups, dc=example, dc=com"))
                    .isEqualTo(0);

            assertThat(run("--conf", conf, "groups", "show", "No Such Group")).isEqualTo(2);
            assertThat(err.toString()).contains("no group named 'No Such Group'");
        }
    }

    @Test
    void aBadConfExitsWithTwoAndNamesFileLineAndKey() throws Exception { // spec C2
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "directory:\n  url: embedded\n  pageSise: 10\n");

        assertThat(run("--conf", conf.toString(), "conf", "check")).isEqualTo(2);
        assertThat(err.toString()).contains(conf.toString() + ":3", "directory.pageSise", "pageSize");

        assertThat(run("--conf", conf.toString(), "reconcile")).isEqualTo(2);
    }

    @Test
    void anUnreachableDirectoryFailsWithExitOneAndLeavesNoSecretInTheMessage() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "directory:\n  url: ldap://127.0.0.1:1\n  bindDn: cn=agent\n"
                + "  bindPassword: s3cret-value\n  connectTimeout: 2s\n");

        assertThat(run("--conf", conf.toString(), "reconcile")).isEqualTo(1);
        assertThat(err.toString()).contains("127.0.0.1:1").doesNotContain("s3cret-value");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(run("reconcilez")).isEqualTo(2);
    }
}
