package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.store.EmbeddedStore;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 10, finding 2: a decision a command has acknowledged survives the daemon being killed (SIGKILL) right after,
 * although the command wrote it through the daemon's store server: the embedded store syncs every commit instead of
 * HSQLDB's default of every 500 ms.
 */
class DaemonKilledAfterDecisionTest {

    private static final String NIAJ = "uid=niaj,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private Path conf;


    @Test
    void aDenialAcknowledgedJustBeforeTheDaemonIsKilledIsThereAfterTheRestart() throws Exception {
        conf = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, TestHome.ANY_HTTP_PORT + "directory:\n  embedded:\n    port: " + TestHome.freePort() + "\n"
                + TestHome.storeOnFreePort() + "schedule:\n  incremental: 1h\n  writeBack: 1h\n"
                + DemoConf.SELF_SERVICE);
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(conf);
        Path errors = home.resolve("daemon-err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The agent's own logging, so the test can see the daemon's first reconcile finish.
        String logging = "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath();
        Process daemon = new ProcessBuilder(List.of(java, logging, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--conf", conf.toString(), "run"))
                .redirectOutput(home.resolve("daemon-out.txt").toFile())
                .redirectError(errors.toFile())
                .start();
        long id;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive()
                    || Files.readString(errors).contains("reconcile: read"));
            assertThat(daemon.isAlive()).as(Files.readString(errors)).isTrue();
            assertSucceeds(cli("groups", "create", "Kill Guild", "--policy", "owner-approval", "--user", "bob",
                    "--owner", "judy"));
            assertSucceeds(cli("request", "Kill Guild", "--justification", "before the kill", "--user", "niaj"));
            id = servedStore(config.store()).withHandle(h -> h.createQuery(
                    "SELECT id FROM join_request WHERE requester_dn_norm = :n").bind("n", NIAJ)
                    .mapTo(Long.class).one());

            assertSucceeds(cli("requests", "deny", Long.toString(id), "--reason", "not now", "--user", "judy"));
            daemon.destroyForcibly();
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            daemon.destroyForcibly();
        }

        // The killed daemon's lock file stays fresh for a few seconds; HSQLDB takes it over once it is stale.
        AtomicReference<GroupbridgeApp> restarted = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> restarted.compareAndSet(null, GroupbridgeApp.open(config, Clock.systemUTC())));
        try (GroupbridgeApp app = restarted.get()) {
            Jdbi store = app.store().jdbi();
            String state = store.withHandle(h -> h.createQuery("SELECT state FROM join_request WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(state).isEqualTo("denied");
            List<String> audited = store.withHandle(h -> h.createQuery(
                    "SELECT action_name FROM audit_event WHERE target_dn = :n ORDER BY id").bind("n", NIAJ)
                    .mapTo(String.class).list());
            assertThat(audited).contains("deny");
        }
    }

    /** The daemon's store as a groupbridge command reaches it: its loopback server, with the store's password. */
    private static Jdbi servedStore(StoreConfig s) throws Exception {
        String password = Files.readString(EmbeddedStore.credentialsFile(s.embeddedDatabase())).strip();
        return Jdbi.create(s.embeddedServerUrl(), s.username(), password);
    }

    private static void assertSucceeds(ForkedCli.Run run) {
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
    }

    private ForkedCli.Run cli(String... args) throws Exception {
        return new ForkedCli(conf, home).run(args);
    }
}
