package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample conf of docs/production.md loads as printed, so the page cannot drift from what the loader accepts. */
class ProductionConfTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path home;

    @Test
    void theSampleConfLoadsWithItsSecretsResolved() throws Exception {
        Matcher m = YAML_BLOCK.matcher(Files.readString(Path.of("../docs/production.md")));
        assertThat(m.find()).as("a yaml block in docs/production.md").isTrue();
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, m.group(1));
        Files.writeString(home.resolve("conf/directory-ca.pem"), "");
        Files.writeString(home.resolve("conf/store.secret"), "db-secret\n");

        GroupbridgeConfig c = new ConfigLoader(Map.of("GROUPBRIDGE_READ_PASSWORD", "r-secret",
                "GROUPBRIDGE_WRITE_PASSWORD", "w-secret")).load(conf);

        assertThat(c.directory().ssl()).isTrue();
        assertThat(c.directory().bindPassword().reveal()).isEqualTo("r-secret");
        assertThat(c.directory().writeBackAccount()).hasValueSatisfying(a -> {
            assertThat(a.dn()).isEqualTo("cn=groupbridge-writer,ou=services,dc=corp,dc=example");
            assertThat(a.password().reveal()).isEqualTo("w-secret");
        });
        assertThat(c.directory().trustedCertificates()).contains(home.resolve("conf/directory-ca.pem"));
        assertThat(c.store().url()).startsWith("jdbc:postgresql://db.corp.example:5432/groupbridge");
        assertThat(c.store().password().reveal()).isEqualTo("db-secret");
        assertThat(c.schedule().cluster()).isTrue();
    }
}
