package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code conf show --effective} prints: every default filled in, no secret, a store URL redacted, a webhook URL
 * cut to its origin, durations in the conf's short form.
 */
class EffectiveConfigTest {

    private static final String HASH = "a".repeat(64);

    @TempDir
    Path home;

    @Test
    void aRealSetupShowsEverySecretMaskedAndWhatIsSetBesideTheDefaults() throws Exception {
        Path p12 = home.resolve("conf/panel.p12");
        Files.createDirectories(p12.getParent());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "p12-pw".toCharArray());
        }
        Map<String, Object> tree = tree("""
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=gb,ou=services,dc=corp,dc=example
                  bindPassword: bind-pw
                  writeBindDn: cn=gb-write,ou=services,dc=corp,dc=example
                  writeBindPassword: write-pw
                mapping:
                  kindAttribute: none
                store:
                  url: jdbc:postgresql://db/gb?password=url-pw
                  username: gb
                  password: store-pw
                roles:
                  groupsAdministrators: cn=admins,ou=groups,dc=corp,dc=example
                servicePrincipals:
                  - name: automation
                    dn: cn=automation,ou=services,dc=corp,dc=example
                    password: sp-pw
                    apiTokenSha256: %s
                schedule:
                  incremental: 90s
                  writeBack: 1500ms
                  shutdownTimeout: PT0.0005S
                notifications:
                  command: [/usr/bin/notify]
                  webhook:
                    url: https://hooks.corp.example:8443/services/hook-path-secret?x=1
                    header: X-Token
                    token: hook-token
                http:
                  bind: 0.0.0.0
                  tls:
                    keyStore: conf/panel.p12
                    keyStorePassword: p12-pw
                """.formatted(HASH));

        assertThat(tree.toString()).doesNotContain("bind-pw", "write-pw", "url-pw", "store-pw", "sp-pw",
                "hook-path-secret", "hook-token", "p12-pw");
        @SuppressWarnings("unchecked")
        Map<String, Object> directory = (Map<String, Object>) tree.get("directory");
        assertThat(directory.get("bindPassword")).isEqualTo(EffectiveConfig.MASK);
        assertThat(directory.get("writeBindDn")).isEqualTo("cn=gb-write,ou=services,dc=corp,dc=example");
        assertThat(directory.get("writeBindPassword")).isEqualTo(EffectiveConfig.MASK);
        assertThat(((Map<?, ?>) tree.get("mapping")).get("kindAttribute")).isEqualTo("none");
        assertThat(((Map<?, ?>) tree.get("mapping")).get("profile")).isEqualTo("openldap");
        assertThat(tree.get("store")).isEqualTo(Map.of("url", "jdbc:postgresql://db/gb?password=******",
                "username", "gb", "password", EffectiveConfig.MASK, "maxPoolSize", 10, "embeddedPort",
                StoreConfig.DEFAULT_EMBEDDED_PORT));
        assertThat(tree.get("roles")).isEqualTo(Map.of("groupsAdministrators", "cn=admins,ou=groups,dc=corp,dc=example"));
        assertThat(tree.get("servicePrincipals")).isEqualTo(List.of(Map.of("name", "automation",
                "dn", "cn=automation,ou=services,dc=corp,dc=example", "password", EffectiveConfig.MASK,
                "apiTokenSha256", HASH)));
        Map<?, ?> schedule = (Map<?, ?>) tree.get("schedule");
        assertThat(schedule.get("incremental")).isEqualTo("90s");
        assertThat(schedule.get("writeBack")).isEqualTo("1500ms");
        assertThat(schedule.get("shutdownTimeout")).isEqualTo("PT0.0005S");
        assertThat(tree.get("notifications")).isEqualTo(Map.of("command", List.of("/usr/bin/notify"),
                "webhook", Map.of("url", "https://hooks.corp.example:8443/" + EffectiveConfig.MASK, "header", "X-Token",
                        "token", EffectiveConfig.MASK),
                "timeout", "10s", "maxAttempts", 5));
        assertThat(((Map<?, ?>) tree.get("http")).get("tls"))
                .isEqualTo(Map.of("keyStore", p12.toString(), "keyStorePassword", EffectiveConfig.MASK));
    }

    /** The demo: the embedded store's empty SA password and unset roles are left out, not shown as masked. */
    @Test
    void anEmptyConfShowsTheDefaultsAndLeavesOutWhatHasNoValue() throws Exception {
        Map<String, Object> tree = tree("");
        assertThat(tree).containsOnlyKeys("directory", "mapping", "store", "settings", "roles", "servicePrincipals",
                "schedule", "requests", "reconcile", "writeBack", "notifications", "metrics", "http",
                "governance");
        assertThat(tree.get("store")).isEqualTo(Map.of("url", "embedded", "username", "SA", "maxPoolSize", 10,
                "embeddedPort", StoreConfig.DEFAULT_EMBEDDED_PORT));
        assertThat(tree.get("roles")).isEqualTo(Map.of());
        assertThat(tree.get("notifications")).isEqualTo(Map.of("timeout", "10s", "maxAttempts", 5));
        @SuppressWarnings("unchecked")
        Map<String, Object> directory = (Map<String, Object>) tree.get("directory");
        assertThat(directory).doesNotContainKeys("writeBindDn", "writeBindPassword", "trustedCertificates");
        assertThat(directory.get("bindPassword")).isEqualTo(EffectiveConfig.MASK);
        assertThat(directory.get("connectTimeout")).isEqualTo("10s");
        assertThat(directory.get("responseTimeout")).isEqualTo("5m");
        assertThat(tree.get("writeBack")).isEqualTo(Map.of("maxAttempts", 10, "initialBackoff", "30s",
                "maxBackoff", "1h", "batchSize", 10_000));
        assertThat(tree.get("requests")).isEqualTo(Map.of("expireAfter", "30d"));
        assertThat(tree.get("reconcile")).isEqualTo(Map.of("batchSize", 1000, "maxRemovalShare", 0.30,
                "largeGroupThreshold", 200, "removalWindow", "1h"));
        assertThat(tree.get("http")).isEqualTo(Map.of("enabled", true, "bind", "127.0.0.1", "port", 8470,
                "session", Map.of("idleTimeout", "30m", "absoluteTimeout", "8h")));
    }

    /** Optional keys that are set show up with their value, in the conf's terms. */
    @Test
    void optionalKeysThatAreSetAreShown() throws Exception {
        Path ca = home.resolve("conf/ca.pem");
        Path seed = home.resolve("conf/seed.ldif");
        Files.createDirectories(ca.getParent());
        Files.writeString(ca, "-");
        Files.writeString(seed, "-");
        Map<String, Object> tree = tree("""
                directory:
                  url: ldaps://ldap.corp.example
                  bindDn: cn=gb,dc=corp,dc=example
                  bindPassword: pw
                  trustedCertificates: conf/ca.pem
                  embedded:
                    seedLdif: conf/seed.ldif
                mapping:
                  channelRules:
                    - base: ou=portal,dc=corp,dc=example
                      channel: portal
                settings:
                  unifiedGroupCreationAllowedGroup: cn=creators,dc=corp,dc=example
                roles:
                  userAdministrators: cn=users,dc=corp,dc=example
                  globalAdministrators: cn=global,dc=corp,dc=example
                metrics:
                  jmx: true
                  prometheusPort: 9404
                """);
        Map<?, ?> directory = (Map<?, ?>) tree.get("directory");
        assertThat(directory.get("trustedCertificates")).isEqualTo(ca.toString());
        assertThat(((Map<?, ?>) directory.get("embedded")).get("seedLdif")).isEqualTo(seed.toString());
        assertThat(((Map<?, ?>) tree.get("mapping")).get("channelRules"))
                .isEqualTo(List.of(Map.of("base", "ou=portal,dc=corp,dc=example", "channel", "portal")));
        assertThat(((Map<?, ?>) tree.get("settings")).get("unifiedGroupCreationAllowedGroup"))
                .isEqualTo("cn=creators,dc=corp,dc=example");
        assertThat(((Map<?, ?>) tree.get("settings")).get("ownerAssignment")).isEqualTo("all");
        assertThat(tree.get("roles")).isEqualTo(Map.of("userAdministrators", "cn=users,dc=corp,dc=example",
                "globalAdministrators", "cn=global,dc=corp,dc=example"));
        assertThat(tree.get("metrics")).isEqualTo(Map.of("jmx", true, "prometheusPort", 9404));
    }

    /** A webhook URL without a path shows whole; with only "/" or a query, the rest is masked. */
    @Test
    void aWebhookUrlShowsItsOriginOnly() throws Exception {
        assertThat(webhookShown("http://127.0.0.1:9000")).isEqualTo("http://127.0.0.1:9000");
        assertThat(webhookShown("https://hooks.corp.example/")).isEqualTo("https://hooks.corp.example");
        assertThat(webhookShown("https://hooks.corp.example?k=v"))
                .isEqualTo("https://hooks.corp.example/" + EffectiveConfig.MASK);
        assertThat(webhookShown("https://hooks.corp.example/x")).isEqualTo("https://hooks.corp.example/"
                + EffectiveConfig.MASK);
    }

    @Test
    void durationsComeOutInTheLargestWholeUnit() {
        assertThat(EffectiveConfig.duration(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(EffectiveConfig.duration(Duration.ofHours(25))).isEqualTo("25h");
        assertThat(EffectiveConfig.duration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(EffectiveConfig.duration(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(EffectiveConfig.duration(Duration.ofMillis(1001))).isEqualTo("1001ms");
        assertThat(EffectiveConfig.duration(Duration.ZERO)).isEqualTo("0ms");
        assertThat(EffectiveConfig.duration(Duration.ofNanos(1_500_000))).isEqualTo("PT0.0015S");
    }

    private String webhookShown(String url) throws Exception {
        Map<?, ?> notifications = (Map<?, ?>) tree("notifications:\n  webhook:\n    url: '" + url + "'\n")
                .get("notifications");
        return (String) ((Map<?, ?>) notifications.get("webhook")).get("url");
    }

    private Map<String, Object> tree(String yaml) throws Exception {
        return EffectiveConfig.tree(TestConfs.load(home, yaml));
    }
}
