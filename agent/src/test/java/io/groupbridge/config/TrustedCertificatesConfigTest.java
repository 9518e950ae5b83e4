package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code directory.trustedCertificates}: resolved against the home folder, and it must exist. */
class TrustedCertificatesConfigTest {

    @TempDir
    Path home;

    private GroupbridgeConfig load(String trusted) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.writeString(conf, "directory:\n  url: ldaps://ldap.example.com\n  bindDn: cn=agent,dc=example,dc=com\n"
                + "  bindPassword: secret\n" + (trusted == null ? "" : "  trustedCertificates: " + trusted + "\n"));
        return new ConfigLoader(Map.of()).load(conf);
    }

    @Test
    void relativePathResolvesAgainstTheHomeFolder() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/ca.pem"), "");

        assertThat(load("conf/ca.pem").directory().trustedCertificates()).contains(home.resolve("conf/ca.pem"));
    }

    @Test
    void absentMeansTheJvmTrustStore() throws Exception {
        assertThat(load(null).directory().trustedCertificates()).isEmpty();
    }

    @Test
    void missingFileIsAConfError() {
        assertThatThrownBy(() -> load("conf/missing.pem"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:5: directory.trustedCertificates: file ")
                .hasMessageContaining("missing.pem does not exist");
    }
}
