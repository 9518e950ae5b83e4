package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile, groups and conf commands as an administrator runs them: output, and exit codes 0/1/2. */
class ReconcileCommandTest {

    @TempDir
    Path home;

    // A wide terminal: these tests read the report's cells, TableTest its layout.
    private final CliHarness cli = new CliHarness(Map.of(SignInOptions.PASSWORD_VARIABLE, DemoConf.PASSWORD,
            "COLUMNS", "300"));

    @Test
    void reconcilePrintsEveryGroupKindThenNoChangesOnTheSecondRun() throws Exception {
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(cli.out())
                    .contains("mail-enabled security", "distribution", "unified", "dynamic", "role-assignable")
                    .contains("owners-only", "open", "self-service", "portal", "api")
                    .contains("G3:", "G4:", "G5:", "G6:")
                    .contains("points at no entry");

            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            assertThat(cli.out()).startsWith("no changes");
        }
    }

    @Test
    void dryRunSaysSoAndAJsonReportIsMachineReadable() throws Exception { // spec Y4, Y5
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();

            assertThat(cli.run("--conf", conf, "reconcile", "--dry-run")).isEqualTo(0);
            assertThat(cli.out()).contains("dry run: the store was not changed");

            assertThat(cli.run("--conf", conf, "reconcile", "--json")).isEqualTo(0);
            assertThat(cli.out()).contains("\"dryRun\" : false", "\"groupsAdded\" : 16", "\"outcome\" : \"SUCCEEDED\"");
        }
    }

    /** Issue 13: a script that runs {@code reconcile --json} sees what the write-back after it did, or would do. */
    @Test
    void theJsonReportCarriesTheWriteBacksReportOrTheDryRunsPlan() throws Exception { // spec W1, Y4
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            ObjectMapper mapper = new ObjectMapper();

            assertThat(cli.run("--conf", conf, "reconcile", "--json")).isEqualTo(0);
            JsonNode full = mapper.readTree(cli.out());
            assertThat(full.get("groupsAdded").asInt()).isEqualTo(16);
            JsonNode wb = full.get("writeBack");
            assertThat(wb).as(cli.out()).isNotNull();
            assertThat(wb.get("done").asInt()).isZero();
            assertThat(wb.get("parked").asInt()).isZero();
            assertThat(wb.get("errors").isArray()).isTrue();

            assertThat(cli.run("--conf", conf, "reconcile", "--dry-run", "--json")).isEqualTo(0);
            JsonNode dry = mapper.readTree(cli.out());
            assertThat(dry.get("dryRun").asBoolean()).isTrue();
            assertThat(dry.get("writeBackPlan").isArray()).as(cli.out()).isTrue();
            assertThat(dry.has("writeBack")).isFalse();

            assertThat(cli.run("--conf", conf, "reconcile", "--no-writeback", "--json")).isEqualTo(0);
            JsonNode readOnly = mapper.readTree(cli.out());
            assertThat(readOnly.has("writeBack")).isFalse();
            assertThat(readOnly.has("writeBackPlan")).isFalse();
        }
    }

    /**
     * Issue 13: only the daemon ran incremental reconciles, so a shell had to pay a full run to pick up one
     * change. {@code reconcile --incremental} reads what changed since the last run's checkpoint.
     */
    @Test
    void anIncrementalReconcileReadsOnlyWhatChangedSinceTheLastRun() throws Exception { // spec Y2
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            InMemoryDirectoryServer ldap = t.directory().server();
            // The seed import stamps many entries in the same millisecond; a later change gives the checkpoint an
            // instant of its own (the bound is inclusive), as IncrementalReconcileTest does.
            Thread.sleep(5);
            ldap.modify("uid=peggy,ou=people,dc=example,dc=com",
                    new Modification(ModificationType.REPLACE, "description", "checkpoint marker"));
            assertThat(cli.run("--conf", conf, "reconcile")).isEqualTo(0);
            ldap.modify("cn=VPN Users,ou=groups,dc=example,dc=com", new Modification(ModificationType.ADD, "member",
                    "uid=olivia,ou=people,dc=example,dc=com"));

            assertThat(cli.run("--conf", conf, "reconcile", "--incremental", "--json")).isEqualTo(0);
            JsonNode report = new ObjectMapper().readTree(cli.out());
            assertThat(report.get("mode").asText()).isEqualTo("INCREMENTAL");
            assertThat(report.get("membersAdded").asInt()).isEqualTo(1);
            assertThat(report.get("peopleRead").asInt() + report.get("groupsRead").asInt()).isBetween(1, 2);

            assertThat(cli.run("--conf", conf, "reconcile", "--incremental")).isEqualTo(0);
            assertThat(cli.out()).startsWith("no changes (read ").contains(" changed since the last run from ");
        }
    }

    @Test
    void groupsListAndShowReadTheStore() throws Exception {
        try (TestHome t = TestHome.start(home, null, null)) {
            String conf = t.confFile().toString();
            cli.run("--conf", conf, "reconcile");

            assertThat(cli.run("--conf", conf, "groups", "list", "--user", "grace")).isEqualTo(0);
            assertThat(cli.out()).contains("Project Phoenix", "Finance Alerts");

            assertThat(cli.run("--conf", conf, "groups", "show", "project phoenix", "--user", "grace")).isEqualTo(0);
            assertThat(cli.out()).contains("cn=Project Phoenix,ou=groups,dc=example,dc=com", "owners (2)",
                    "members (4)");

            assertThat(cli.run("--conf", conf, "groups", "show", "cn=project phoenix, ou=groups, dc=example, dc=com",
                    "--user", "grace")).isEqualTo(0);

            assertThat(cli.run("--conf", conf, "groups", "show", "No Such Group", "--user", "grace")).isEqualTo(2);
            assertThat(cli.err()).contains("no group named 'No Such Group'");
        }
    }

    @Test
    void aBadConfExitsWithTwoAndNamesFileLineAndKey() throws Exception { // spec C2
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "directory:\n  url: embedded\n  pageSise: 10\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).isEqualTo(2);
        assertThat(cli.err()).contains(conf.toString() + ":3", "directory.pageSise", "pageSize");

        assertThat(cli.run("--conf", conf.toString(), "reconcile")).isEqualTo(2);
    }

    @Test
    void anUnreachableDirectoryFailsWithExitOneAndLeavesNoSecretInTheMessage() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "directory:\n  url: ldap://127.0.0.1:1\n  bindDn: cn=agent\n"
                + "  bindPassword: s3cret-value\n  connectTimeout: 2s\n");

        assertThat(cli.run("--conf", conf.toString(), "reconcile")).isEqualTo(1);
        assertThat(cli.err()).contains("127.0.0.1:1").doesNotContain("s3cret-value");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(cli.run("reconcilez")).isEqualTo(2);
    }
}
