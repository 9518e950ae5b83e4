package io.groupbridge.containers;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The servers of the local images that {@code scripts/test-images} builds. Each container shares the host's network
 * and listens on 127.0.0.1 only, on ports the test picked, so nothing leaves loopback. Their data sits on a tmpfs
 * and dies with them; tests stop what they start, as Testcontainers' reaper is off.
 */
final class TestImages {

    static final String POSTGRESQL = "groupbridge-test/postgresql:latest";
    static final String OPENLDAP = "groupbridge-test/openldap:latest";
    static final String DIRSRV = "groupbridge-test/389ds:latest";
    static final List<String> ALL = List.of(POSTGRESQL, OPENLDAP, DIRSRV);

    static final String LDAP_ADMIN_DN = "cn=admin,dc=example,dc=com";
    static final String LDAP_ADMIN_PASSWORD = "admin-secret";
    // The 389-DS image's manager; its password is the slapd image's, set when the image was built.
    static final String DIRSRV_MANAGER_DN = "cn=Directory Manager";
    static final String DIRSRV_MANAGER_PASSWORD = LDAP_ADMIN_PASSWORD;

    private static final String POSTGRESQL_READY = ".*database system is ready to accept connections.*";
    private static final String SLAPD_READY = ".*slapd starting.*";
    private static final String DIRSRV_READY = ".*slapd started\\..*";
    private static final String DIRSRV_SCHEMA = "/etc/dirsrv/slapd-test/schema/98groupbridge.ldif";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    /*
     * Below Linux's ephemeral range (32768-60999), so that the outgoing connections of the other builds on this
     * machine do not take a port between the pick and the server's bind; a retry covers the rest.
     */
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_767;

    private TestImages() {
    }

    /** A started server container and the loopback ports it listens on; closing stops it. */
    record Server(GenericContainer<?> container, List<Integer> ports) implements AutoCloseable {
        int port() {
            return ports.get(0);
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    /**
     * Starts the container that {@code create} makes for {@code portCount} free loopback ports, and again on other
     * ports when it fails, since another process may have bound one in the meantime.
     */
    static Server start(int portCount, Function<List<Integer>, GenericContainer<?>> create) {
        ContainerLaunchException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            List<Integer> ports = freeLoopbackPorts(portCount);
            GenericContainer<?> container = create.apply(ports);
            try {
                container.start();
                return new Server(container, ports);
            } catch (ContainerLaunchException e) {
                container.stop();
                failure = e;
            }
        }
        throw failure;
    }

    /** PostgreSQL with trust authentication for user {@code postgres}. */
    static GenericContainer<?> postgresql(int port) {
        return server(POSTGRESQL, new ServerReady(POSTGRESQL_READY, List.of(port)))
                .withEnv("PGPORT", Integer.toString(port));
    }

    /** slapd with an empty {@code dc=example,dc=com} that {@link #LDAP_ADMIN_DN} may fill. */
    static GenericContainer<?> openldap(int port) {
        return openldap(port, new ServerReady(SLAPD_READY, List.of(port)));
    }

    /** {@link #openldap(int)} that also serves LDAPS on {@code tlsPort} with {@code certificate}. */
    static GenericContainer<?> openldap(int port, int tlsPort, TestCertificates.ServerCertificate certificate) {
        return openldap(port, new ServerReady(SLAPD_READY, List.of(port, tlsPort)))
                .withEnv("LDAPS_PORT", Integer.toString(tlsPort))
                .withCopyFileToContainer(MountableFile.forHostPath(certificate.certificate()), "/tls/server.crt")
                .withCopyFileToContainer(MountableFile.forHostPath(certificate.key()), "/tls/server.key");
    }

    private static GenericContainer<?> openldap(int port, ServerReady ready) {
        return server(OPENLDAP, ready)
                .withEnv("LDAP_PORT", Integer.toString(port))
                .withEnv("LDAP_ADMIN_PASSWORD", LDAP_ADMIN_PASSWORD);
    }

    /**
     * 389-DS with the backend {@code dc=example,dc=com} holding only its suffix entry, and no ACIs under it: only
     * {@link #DIRSRV_MANAGER_DN} reads or writes there. groupbridge's schema file ({@code groupbridge-schema.ldif}
     * of ldap-fixtures) sits in the instance's schema folder as it is, as docs/production.md tells an administrator
     * to put it.
     */
    static GenericContainer<?> dirsrv(int port) {
        return dirsrv(port, new ServerReady(DIRSRV_READY, List.of(port)));
    }

    /** {@link #dirsrv(int)} that also serves LDAPS on {@code tlsPort} with {@code certificate}. */
    static GenericContainer<?> dirsrv(int port, int tlsPort, TestCertificates.ServerCertificate certificate) {
        return dirsrv(port, new ServerReady(DIRSRV_READY, List.of(port, tlsPort)))
                .withEnv("LDAPS_PORT", Integer.toString(tlsPort))
                .withCopyFileToContainer(MountableFile.forHostPath(certificate.certificate()), "/tls/server.crt")
                .withCopyFileToContainer(MountableFile.forHostPath(certificate.key()), "/tls/server.key");
    }

    private static GenericContainer<?> dirsrv(int port, ServerReady ready) {
        return server(DIRSRV, ready)
                .withEnv("LDAP_PORT", Integer.toString(port))
                .withCopyFileToContainer(MountableFile.forClasspathResource("ldap/schema/groupbridge-schema.ldif", 0644),
                        DIRSRV_SCHEMA);
    }

    /** The conf's {@code directory:} section for a started {@link #openldap} server, bound as its manager. */
    static String managerDirectory(int port) {
        return "directory:\n"
                + "  url: ldap://127.0.0.1:" + port + "\n"
                + "  bindDn: " + LDAP_ADMIN_DN + "\n"
                + "  bindPassword: " + LDAP_ADMIN_PASSWORD + "\n";
    }

    /** Adds the demo directory ({@code ldap/demo.ldif} of ldap-fixtures) to a started {@link #openldap} server. */
    static void loadDemoDirectory(int port) throws Exception {
        try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port, LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD)) {
            loadDemoDirectory(admin, false);
        }
    }

    /** Adds the demo directory to a started {@link #dirsrv} server, whose suffix entry is there already. */
    static void loadDemoDirectoryInto389(int port) throws Exception {
        try (LDAPConnection manager = new LDAPConnection("127.0.0.1", port, DIRSRV_MANAGER_DN,
                DIRSRV_MANAGER_PASSWORD)) {
            loadDemoDirectory(manager, true);
        }
    }

    /** Applies the change records of an LDIF test resource, such as {@code 389ds/groupbridge-acis.ldif}. */
    static void applyChanges(LDAPConnection admin, String resource) throws Exception {
        try (InputStream changes = TestImages.class.getClassLoader().getResourceAsStream(resource);
                LDIFReader ldif = new LDIFReader(changes)) {
            for (LDIFChangeRecord change = ldif.readChangeRecord(); change != null; change = ldif.readChangeRecord()) {
                change.processChange(admin);
            }
        }
    }

    private static void loadDemoDirectory(LDAPConnection admin, boolean suffixExists) throws Exception {
        try (InputStream demo = TestImages.class.getClassLoader().getResourceAsStream("ldap/demo.ldif");
                LDIFReader ldif = new LDIFReader(demo)) {
            for (Entry entry = ldif.readEntry(); entry != null; entry = ldif.readEntry()) {
                if (!(suffixExists && admin.getEntry(entry.getDN(), "1.1") != null)) {
                    admin.add(entry);
                }
            }
        }
    }

    @SuppressWarnings("resource")
    private static GenericContainer<?> server(String image, ServerReady ready) {
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withTmpFs(Map.of("/tmp", "rw"))
                .waitingFor(ready.withStartupTimeout(STARTUP));
    }

    private static List<Integer> freeLoopbackPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT + 1);
            if (!ports.contains(port) && isFree(port)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
