package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.store.EmbeddedStore;
import io.groupbridge.store.GroupStore;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 10, finding 1: the store a daemon serves on loopback takes only the password in its owner-only credentials
 * file, so another local user cannot connect as SA (with no password, or a guessed one) and queue write-backs, while
 * groupbridge's own commands in another process still reach it; and a store from before passwords gets one.
 */
class StoreServerPasswordTest {

    @TempDir
    Path home;

    @Test
    void theServedStoreRefusesSaWithoutItsPasswordAndServesTheAgentsCommands() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: " + TestHome.freePort() + "\n"
                + TestHome.storeOnFreePort() + "schedule:\n  incremental: 1h\n  shutdownTimeout: 20s\n");
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(conf);
        StoreConfig store = config.store();
        try (GroupbridgeApp app = GroupbridgeApp.open(config, Clock.systemUTC());
                Daemon daemon = new Daemon(app, new LiveConfig(new ConfigLoader(Map.of()), config),
                        Clock.systemUTC())) {
            daemon.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !app.store().queries().listGroups(false).isEmpty());

            assertRefused(store.embeddedServerUrl(), "");
            assertRefused(store.embeddedServerUrl(), "groupbridge");
            Path credentials = EmbeddedStore.credentialsFile(store.embeddedDatabase());
            try (Connection agent = DriverManager.getConnection(store.embeddedServerUrl(), "SA",
                    Files.readString(credentials).strip())) {
                assertThat(agent.isValid(1)).as("the password in the credentials file is the one served").isTrue();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                    .isEqualTo("rwx------");

            ForkedCli.Run status = cli(conf, "status", "--json");
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).containsPattern("\"daemon\" : \\{\\s*\"held\" : true");
            ForkedCli.Run groups = cli(conf, "groups", "mine", "--user", "grace");
            assertThat(groups.exit()).as(groups.err()).isZero();
            assertThat(groups.out()).contains("Project Phoenix");
            String password = Files.readString(credentials).strip();
            assertThat(status.out() + status.err() + groups.out() + groups.err()).doesNotContain(password);
        }
    }

    /** issue 10, finding 1: a home whose store predates passwords keeps its data and loses the empty password. */
    @Test
    void aStoreFromBeforePasswordsKeepsItsDataAndRefusesTheEmptyPasswordOnceGroupbridgeOpensIt() throws Exception {
        Path conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: 0\n" + TestHome.storeOnFreePort());
        StoreConfig store = new ConfigLoader(Map.of()).load(conf).store();
        Files.createDirectories(store.embeddedDatabase().getParent());
        try (GroupStore old = GroupStore.open(store.jdbcUrl(), "SA", "", 2, Clock.systemUTC())) {
            old.jdbi().useHandle(h -> h.execute("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                    + " VALUES ('old', 't', 'before passwords', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
        }

        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(conf), Clock.systemUTC())) {
            String holder = app.store().jdbi().withHandle(h -> h.createQuery(
                    "SELECT holder FROM run_lease WHERE name = 'old'").mapTo(String.class).one());
            assertThat(holder).isEqualTo("before passwords");
        }

        assertRefused(store.jdbcUrl(), "");
        Path credentials = EmbeddedStore.credentialsFile(store.embeddedDatabase());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        try (Connection agent = DriverManager.getConnection(store.jdbcUrl(), "SA",
                Files.readString(credentials).strip())) {
            assertThat(agent.isValid(1)).isTrue();
        }
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "SA", password).close())
                .as("SA with password '%s'", password)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }


    private ForkedCli.Run cli(Path conf, String... args) throws Exception {
        return new ForkedCli(conf, home).run(args);
    }
}
