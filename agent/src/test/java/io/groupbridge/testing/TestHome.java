package io.groupbridge.testing;

import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.StoreConfig;
import io.groupbridge.fixtures.EmbeddedDirectory;
import io.groupbridge.store.EmbeddedStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A groupbridge home in a temporary folder ({@code conf/} and {@code data/}), with its own embedded directory on a
 * free loopback port that the test controls, and an embedded HSQLDB store under {@code data/}.
 */
public final class TestHome implements AutoCloseable {

    /**
     * The conf section that puts a daemon's web panel on a free port: {@code groupbridge run} serves it on 8470 by
     * default, and two agents of one test (or a developer's daemon) must not fight over it.
     */
    public static final String ANY_HTTP_PORT = "http:\n  port: 0\n";

    public static final String MANAGER_DN = "cn=Directory Manager";
    public static final String MANAGER_PASSWORD = "test-manager-secret";
    /** The demo directory's agent account, which may read everything and write under the group base. */
    public static final String AGENT_DN = "cn=groupbridge-agent,ou=services,dc=example,dc=com";
    public static final String AGENT_PASSWORD = "agent-secret";

    private final Path home;
    private final EmbeddedDirectory directory;

    private TestHome(Path home, EmbeddedDirectory directory) {
        this.home = home;
        this.directory = directory;
    }

    /**
     * @param seed         an LDIF to load, or {@code null} for the demo directory
     * @param interceptors see every operation the directory serves, e.g. to count modifies
     */
    public static TestHome start(Path home, Path seed, String extraConf, InMemoryOperationInterceptor... interceptors)
            throws IOException {
        // A fixed free port rather than 0, so a test can stop the listener and start it again on the same port.
        EmbeddedDirectory.Builder builder = EmbeddedDirectory.builder().port(freePort())
                .additionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD);
        for (InMemoryOperationInterceptor interceptor : interceptors) {
            builder.interceptor(interceptor);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        EmbeddedDirectory directory = builder.start();
        Files.createDirectories(home.resolve("conf"));
        // A daemon's web panel on any free port, not the default one another test or a developer may use. First, so
        // that the directory section stays where tests append keys to it, or to the extra conf's last section.
        String http = extraConf != null && (extraConf.startsWith("http:") || extraConf.contains("\nhttp:")) ? ""
                : ANY_HTTP_PORT;
        Files.writeString(home.resolve("conf/groupbridge.yaml"), http + "directory:\n"
                + "  url: ldap://127.0.0.1:" + directory.port() + "\n"
                + "  bindDn: " + MANAGER_DN + "\n"
                + "  bindPassword: " + MANAGER_PASSWORD + "\n"
                + (extraConf == null ? "" : extraConf));
        return new TestHome(home, directory);
    }

    /**
     * A {@code store:} conf section that makes a daemon serve the embedded store on a free port rather than the
     * default one, which a daemon of another test or of the developer may be using.
     */
    public static String storeOnFreePort() throws IOException {
        return "store:\n  embeddedPort: " + freePort() + "\n";
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public Path home() {
        return home;
    }

    public Path confFile() {
        return home.resolve("conf/groupbridge.yaml");
    }

    /** Makes the conf bind as {@code dn} instead of the directory manager. */
    public void bindAs(String dn, String password) throws IOException {
        String conf = Files.readString(confFile());
        Files.writeString(confFile(), conf.replace("  bindDn: " + MANAGER_DN + "\n  bindPassword: " + MANAGER_PASSWORD
                + "\n", "  bindDn: " + dn + "\n  bindPassword: " + password + "\n"));
    }

    public EmbeddedDirectory directory() {
        return directory;
    }

    public GroupbridgeConfig config() throws Exception {
        return new ConfigLoader(Map.of()).load(confFile());
    }

    /**
     * This home's embedded store, opened from its files with the password groupbridge generated for it; for tests
     * that write rows no command would, while no groupbridge process holds the files.
     */
    public Jdbi storeJdbi() throws Exception {
        StoreConfig s = config().store();
        String password = Files.readString(EmbeddedStore.credentialsFile(s.embeddedDatabase())).strip();
        return Jdbi.create(s.jdbcUrl(), s.username(), password);
    }

    public GroupbridgeApp openApp() throws Exception {
        return openApp(Clock.systemUTC());
    }

    /** With the test's clock, for tests that move time under what the app builds (sign-in lock-outs, expiry). */
    public GroupbridgeApp openApp(Clock clock) throws Exception {
        return GroupbridgeApp.open(config(), clock);
    }

    @Override
    public void close() {
        directory.server().shutDown(true);
    }
}
