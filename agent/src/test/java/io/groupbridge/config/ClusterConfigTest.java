package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule.cluster}: only on a shared PostgreSQL store and a real directory, refused at its own line. */
class ClusterConfigTest {

    private static final String DIRECTORY = "directory:\n  url: ldap://ldap.example.com\n"
            + "  bindDn: cn=agent,dc=example,dc=com\n  bindPassword: secret\n";
    private static final String POSTGRESQL = "store:\n  url: jdbc:postgresql://db.example.com/groupbridge\n";
    private static final String CLUSTER = "schedule:\n  cluster: true\n  clusterCheckin: 2s\n";

    @TempDir
    Path home;

    private GroupbridgeConfig load(String text) throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.writeString(conf, text);
        return new ConfigLoader(Map.of()).load(conf);
    }

    @Test
    void offByDefault() throws Exception {
        ScheduleConfig s = load(DIRECTORY + POSTGRESQL).schedule();

        assertThat(s.cluster()).isFalse();
        assertThat(s.clusterCheckin()).isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void onWithPostgresqlAndARealDirectory() throws Exception {
        ScheduleConfig s = load(DIRECTORY + POSTGRESQL + CLUSTER).schedule();

        assertThat(s.cluster()).isTrue();
        assertThat(s.clusterCheckin()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theEmbeddedStoreIsRefused() {
        assertThatThrownBy(() -> load(DIRECTORY + CLUSTER))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:6: schedule.cluster: a cluster needs a PostgreSQL store")
                .hasMessageContaining("store.url is embedded");
    }

    @Test
    void anotherDatabaseIsRefused() {
        assertThatThrownBy(() -> load(DIRECTORY + "store:\n  url: jdbc:hsqldb:hsql://db.example.com/gb\n" + CLUSTER))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:8: schedule.cluster:")
                .hasMessageContaining("store.url is not jdbc:postgresql:");
    }

    @Test
    void theEmbeddedDirectoryIsRefused() {
        assertThatThrownBy(() -> load(POSTGRESQL + CLUSTER))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("groupbridge.yaml:4: schedule.cluster: a cluster needs one directory");
    }
}
