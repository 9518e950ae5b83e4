package io.groupbridge.containers;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitAllStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The servers of the local images that {@code scripts/test-images} builds. Each container shares the host's network
 * and listens on 127.0.0.1 only, on a port the test picked, so nothing leaves loopback. Their data sits on a tmpfs
 * and dies with them; tests stop what they start, as Testcontainers' reaper is off.
 */
final class TestImages {

    static final String POSTGRESQL = "groupbridge-test/postgresql:latest";
    static final String OPENLDAP = "groupbridge-test/openldap:latest";
    static final List<String> ALL = List.of(POSTGRESQL, OPENLDAP);

    static final String LDAP_ADMIN_DN = "cn=admin,dc=example,dc=com";
    static final String LDAP_ADMIN_PASSWORD = "admin-secret";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private TestImages() {
    }

    /** PostgreSQL with trust authentication for user {@code postgres}. */
    static GenericContainer<?> postgresql(int port) {
        return server(POSTGRESQL, ".*database system is ready to accept connections.*", port)
                .withEnv("PGPORT", Integer.toString(port));
    }

    /** slapd with an empty {@code dc=example,dc=com} that {@link #LDAP_ADMIN_DN} may fill. */
    static GenericContainer<?> openldap(int port) {
        return server(OPENLDAP, ".*slapd starting.*", port)
                .withEnv("LDAP_PORT", Integer.toString(port))
                .withEnv("LDAP_ADMIN_PASSWORD", LDAP_ADMIN_PASSWORD);
    }

    /** Adds the demo directory ({@code ldap/demo.ldif} of ldap-fixtures) to a started {@link #openldap} server. */
    static void loadDemoDirectory(int port) throws Exception {
        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port, LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD);
                InputStream demo = TestImages.class.getClassLoader().getResourceAsStream("ldap/demo.ldif");
                LDIFReader ldif = new LDIFReader(demo)) {
            for (Entry entry = ldif.readEntry(); entry != null; entry = ldif.readEntry()) {
                admin.add(entry);
            }
        }
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> server(String image, String readyLine, int port) {
        // The log line tells that this server, not some other process, has the port.
        WaitAllStrategy ready = new WaitAllStrategy(WaitAllStrategy.Mode.WITH_MAXIMUM_OUTER_TIMEOUT)
                .withStrategy(Wait.forLogMessage(readyLine, 1))
                .withStrategy(new LoopbackPortWait(port))
                .withStartupTimeout(STARTUP);
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withTmpFs(Map.of("/tmp", "rw"))
                .waitingFor(ready);
    }

    /** A port free on loopback right now; the server binds it a moment later, a race that loopback rarely loses. */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
