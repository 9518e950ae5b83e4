package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code groupbridge conf check} and {@code conf show --effective}. */
class ConfCommandTest {

    @TempDir
    Path home;

    private final CliHarness cli = new CliHarness();

    /** issue 10, finding 3: a password written into the store's JDBC URL is not printed. */
    @Test
    void checkShowsTheStoreUrlWithoutThePasswordInIt() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf,
                "store:\n  url: jdbc:postgresql://gb:url-secret@db.corp.example/gb?password=other-secret\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).isZero();

        assertThat(cli.out()).contains("store:     jdbc:postgresql://gb:******@db.corp.example/gb?password=******")
                .doesNotContain("url-secret").doesNotContain("other-secret");
    }

    /** issue 10, finding 3: nor in the error for a store URL that is not a JDBC URL. */
    @Test
    void aStoreUrlThatIsNotJdbcIsReportedWithoutItsPassword() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "store:\n  url: postgresql://gb:url-secret@db/gb\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check")).isEqualTo(2);

        assertThat(cli.err()).contains("store.url", "postgresql://gb:******@db/gb").doesNotContain("url-secret");
    }

    private static final List<String> SECRETS = List.of("bind-s3cret", "url-s3cret", "sp-s3cret", "hook-path-s3cret",
            "token-s3cret");

    private Path realConf() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, """
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=gb,ou=services,dc=corp,dc=example
                  bindPassword: bind-s3cret
                store:
                  url: jdbc:postgresql://db.corp.example/gb?password=url-s3cret
                servicePrincipals:
                  - name: automation
                    dn: cn=automation,ou=services,dc=corp,dc=example
                    password: sp-s3cret
                notifications:
                  webhook:
                    url: https://hooks.corp.example:8443/services/hook-path-s3cret
                    header: X-Groupbridge-Token
                    token: token-s3cret
                """);
        return conf;
    }

    /** issue 15, conf show --effective: every default filled in, as YAML; no secret printed, set ones masked. */
    @Test
    void showEffectiveMergesTheDefaultsAndMasksEverySecret() throws Exception {
        Path conf = realConf();

        assertThat(cli.run("--conf", conf.toString(), "conf", "show", "--effective")).isZero();

        JsonNode shown = new YAMLMapper().readTree(cli.out());
        assertThat(shown.at("/directory/url").asText()).isEqualTo("ldaps://ldap.corp.example");
        assertThat(shown.at("/directory/pageSize").asInt()).as("default for a real directory").isEqualTo(1000);
        assertThat(shown.at("/directory/peopleBase").asText()).isEqualTo("ou=people,dc=example,dc=com");
        assertThat(shown.at("/reconcile/maxRemovalShare").asDouble()).isEqualTo(0.30);
        assertThat(shown.at("/schedule/full").asText()).isEqualTo("0 0 2 * * ?");
        assertThat(shown.at("/schedule/incremental").asText()).isEqualTo("1m");
        assertThat(shown.at("/settings/ownersCanManageJoinRequests").asBoolean(true)).isFalse();
        assertThat(shown.at("/directory/bindPassword").asText()).isEqualTo("******");
        assertThat(shown.at("/servicePrincipals/0/password").asText()).isEqualTo("******");
        assertThat(shown.at("/notifications/webhook/token").asText()).isEqualTo("******");
        assertThat(shown.at("/notifications/webhook/url").asText()).isEqualTo("https://hooks.corp.example:8443/******");
        assertThat(shown.at("/store/url").asText()).isEqualTo("jdbc:postgresql://db.corp.example/gb?password=******");
        assertThat(shown.at("/store").has("password")).as("an empty password is left out").isFalse();
        assertThat(cli.out() + cli.err()).doesNotContain(SECRETS);
    }

    /** issue 15, conf show --effective --json: the same tree as the YAML. */
    @Test
    void showEffectiveAsJsonIsTheSameTreeAsTheYaml() throws Exception {
        Path conf = realConf();
        assertThat(cli.run("--conf", conf.toString(), "conf", "show", "--effective")).isZero();
        JsonNode yaml = new YAMLMapper().readTree(cli.out());
        CliHarness json = new CliHarness();

        assertThat(json.run("--conf", conf.toString(), "conf", "show", "--effective", "--json")).isZero();

        assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(yaml);
        assertThat(json.out()).doesNotContain(SECRETS);
    }

    @Test
    void showWithoutEffectiveIsAUsageError() throws Exception {
        assertThat(cli.run("--conf", realConf().toString(), "conf", "show")).isEqualTo(2);

        assertThat(cli.err()).contains("--effective");
    }

    /** issue 15, conf check --json: a valid conf. */
    @Test
    void checkJsonSaysValidWithTheSummary() throws Exception {
        Path conf = realConf();

        assertThat(cli.run("--conf", conf.toString(), "conf", "check", "--json")).isZero();

        JsonNode result = new ObjectMapper().readTree(cli.out());
        assertThat(result.path("valid").asBoolean()).isTrue();
        assertThat(result.path("file").asText()).isEqualTo(conf.toAbsolutePath().normalize().toString());
        assertThat(result.path("directory").asText()).isEqualTo("ldaps://ldap.corp.example");
        assertThat(result.path("store").asText()).isEqualTo("jdbc:postgresql://db.corp.example/gb?password=******");
        assertThat(result.path("settingsVersion").asText()).isNotBlank();
        assertThat(cli.out()).doesNotContain(SECRETS);
    }

    /** issue 15, conf check --json: an invalid conf gives the error as JSON on stdout, naming line and key; exit 2. */
    @Test
    void checkJsonGivesTheErrorWithLineAndKey() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "reconcile:\n  batchSize: 1000\n  maxRemovalShare: lots\n");

        assertThat(cli.run("--conf", conf.toString(), "conf", "check", "--json")).isEqualTo(2);

        JsonNode result = new ObjectMapper().readTree(cli.out());
        assertThat(result.path("valid").asBoolean(true)).isFalse();
        assertThat(result.at("/error/code").asText()).isEqualTo("conf");
        assertThat(result.at("/error/line").asInt()).isEqualTo(3);
        assertThat(result.at("/error/key").asText()).isEqualTo("reconcile.maxRemovalShare");
        assertThat(result.at("/error/expected").asText()).contains("0 to 1");
        assertThat(result.at("/error/exitCode").asInt()).isEqualTo(2);
        assertThat(result.at("/error/message").asText()).startsWith(conf.toAbsolutePath().normalize() + ":3:");
    }
}
