package io.groupbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.daemon.Daemon;
import io.groupbridge.daemon.LiveConfig;
import io.groupbridge.store.EmbeddedStore;
import io.groupbridge.testing.TestHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hsqldb.jdbc.JDBCDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 1 (critical), as the attack was made: a second, unprivileged OS account on the agent's host tries
 * the daemon's store server as {@code SA} without a password and with a guessed one, and tries to read the store's
 * credentials file. Both must fail, while the same probe run with the agent's password connects, so a refusal is the
 * password's doing and not the probe's.
 *
 * <p>Needs root (to create the account and switch to it) and util-linux's {@code setpriv}; CI runs as root. Without
 * them it is skipped with one line, and {@link StoreServerPasswordTest} still proves the refusal through JDBC.
 */
class SecondOsUserTest {

    /** Connects as SA with the given password; prints one line per attempt for the test to read. */
    private static final String PROBE = """
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.sql.DriverManager;
            import java.sql.SQLException;

            public class Probe {
                public static void main(String[] args) {
                    try (var c = DriverManager.getConnection(args[0], "SA", args[1])) {
                        System.out.println("connect: CONNECTED");
                    } catch (SQLException e) {
                        System.out.println("connect: refused " + e.getSQLState());
                    }
                    try {
                        Files.readString(Path.of(args[2]));
                        System.out.println("credentials: READ");
                    } catch (Exception e) {
                        System.out.println("credentials: denied " + e.getClass().getSimpleName());
                    }
                }
            }
            """;

    @TempDir
    Path home;

    @Test
    void anotherLocalUserCannotSignInToTheServedStoreNorReadItsCredentials() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/sbin/useradd")),
                "needs root and setpriv to act as a second OS user; StoreServerPasswordTest covers the refusal");
        String user = "gbprobe" + new SplittableRandom().nextInt(100_000, 1_000_000);
        Path probe = Files.createTempDirectory("groupbridge-probe");
        try {
            assertThat(exec(List.of("/usr/sbin/useradd", "--system", "--no-create-home", "--shell",
                    "/usr/sbin/nologin", user)).exit()).isZero();
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(probe.resolve("Probe.java"), PROBE);
            Path driver = Path.of(JDBCDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(driver, probe.resolve("hsqldb.jar"));
            for (String file : List.of("Probe.java", "hsqldb.jar")) {
                Files.setPosixFilePermissions(probe.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
            }

            // Only groupbridge's own modes may stand between the second user and the store's files.
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
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
                Path credentials = EmbeddedStore.credentialsFile(store.embeddedDatabase());
                String password = Files.readString(credentials).strip();

                Run agent = probe(probe, null, store.embeddedServerUrl(), password, credentials);
                assertThat(agent.out()).as(agent.err()).contains("connect: CONNECTED", "credentials: READ");

                for (String guess : List.of("", "groupbridge")) {
                    Run mallory = probe(probe, user, store.embeddedServerUrl(), guess, credentials);
                    assertThat(mallory.out()).as(mallory.err())
                            .contains("connect: refused 28000", "credentials: denied AccessDeniedException")
                            .doesNotContain("CONNECTED", "READ");
                }
            }
        } finally {
            exec(List.of("/usr/sbin/userdel", user));
            try (Stream<Path> files = Files.walk(probe)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Run probe(Path probe, String asUser, String url, String password, Path credentials)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asUser != null) {
            command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + asUser, "--regid=" + asUser, "--clear-groups"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command.addAll(List.of(java, "-XX:-UsePerfData", "-Duser.home=" + probe, "-cp",
                probe.resolve("hsqldb.jar").toString(), probe.resolve("Probe.java").toString(), url, password,
                credentials.toString()));
        return exec(command);
    }

    private static boolean isRoot() {
        try {
            return exec(List.of("id", "-u")).out().strip().equals("0");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Run exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
