package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code directory.insecure}: off by default, and only on a connection that TLS encrypts. */
class InsecureConfigTest {

    @TempDir
    Path home;

    private GroupbridgeConfig load(String directory) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.writeString(conf, "directory:\n  bindDn: cn=agent,dc=example,dc=com\n  bindPassword: secret\n" + directory);
        return new ConfigLoader(Map.of()).load(conf);
    }

    @Test
    void offByDefault() throws Exception {
        assertThat(load("  url: ldaps://ldap.example.com\n").directory().insecure()).isFalse();
    }

    @Test
    void allowedOverLdapsAndStartTls() throws Exception {
        assertThat(load("  url: ldaps://ldap.example.com\n  insecure: true\n").directory().insecure()).isTrue();
        assertThat(load("  url: ldap://ldap.example.com\n  startTls: true\n  insecure: true\n").directory().insecure())
                .isTrue();
    }

    @Test
    void refusedOnPlainLdapNamingTheLine() {
        assertThatThrownBy(() -> load("  url: ldap://ldap.example.com\n  insecure: true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:5: directory.insecure: turns off certificate checks, but the"
                        + " connection is not encrypted")
                .hasMessageContaining("false, or an ldaps:// url, or startTls: true");
    }

    @Test
    void refusedOnTheEmbeddedDirectory() {
        assertThatThrownBy(() -> load("  insecure: true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:4: directory.insecure:");
    }
}
