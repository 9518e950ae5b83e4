package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code directory.writeBindDn} and {@code writeBindPassword}: a second account for the write-back, both or neither. */
class WriteBindConfigTest {

    @TempDir
    Path home;

    private GroupbridgeConfig load(String extra) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.writeString(conf, "directory:\n  url: ldap://ldap.example.com\n  bindDn: cn=reader,dc=example,dc=com\n"
                + "  bindPassword: secret\n" + extra);
        return new ConfigLoader(Map.of("WRITER_SECRET", "w-secret")).load(conf);
    }

    @Test
    void absentMeansTheWriteBackBindsAsBindDn() throws Exception {
        assertThat(load("").directory().writeBackAccount()).isEmpty();
    }

    @Test
    void bothGivenNameTheWriteBackAccountWithItsSecretResolved() throws Exception {
        DirectoryConfig d = load("  writeBindDn: cn=writer,dc=example,dc=com\n"
                + "  writeBindPassword: ${env:WRITER_SECRET}\n").directory();

        assertThat(d.writeBackAccount()).hasValueSatisfying(a -> {
            assertThat(a.dn()).isEqualTo("cn=writer,dc=example,dc=com");
            assertThat(a.password().reveal()).isEqualTo("w-secret");
            assertThat(a.toString()).doesNotContain("w-secret");
        });
    }

    @Test
    void aDnWithoutItsPasswordIsAConfError() {
        assertThatThrownBy(() -> load("  writeBindDn: cn=writer,dc=example,dc=com\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:1: directory.writeBindPassword: is required but not set");
    }

    @Test
    void aPasswordWithoutItsDnIsAConfErrorAtItsLine() {
        assertThatThrownBy(() -> load("  writeBindPassword: w-secret\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:5: directory.writeBindPassword: is set but writeBindDn is not");
    }

    @Test
    void aWriteBindDnThatIsNoDnIsAConfErrorAtItsLine() {
        assertThatThrownBy(() -> load("  writeBindDn: writer\n  writeBindPassword: w-secret\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:5: directory.writeBindDn:");
    }
}
