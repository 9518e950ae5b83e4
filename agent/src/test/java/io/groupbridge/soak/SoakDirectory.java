package io.groupbridge.soak;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.groupbridge.fixtures.EmbeddedDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The directory the soak's agent reconciles, which the driver also changes, stops and pauses. */
interface SoakDirectory extends AutoCloseable {

    String url();

    String managerDn();

    String managerPassword();

    /** Whether SIGSTOP can freeze the server (a process of its own). */
    boolean canPause();

    void stop() throws Exception;

    void start() throws Exception;

    void pause() throws Exception;

    void resume() throws Exception;

    int port();

    /** A manager connection; the caller closes it. */
    default LDAPConnection connect() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port(), managerDn(), managerPassword());
    }

    @Override
    void close();

    /** Waits until a manager bind succeeds. */
    default void awaitUp(Duration patience) throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try (LDAPConnection c = connect()) {
                return;
            } catch (LDAPException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the directory on port " + port() + " did not answer within " + patience, e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** UnboundID's in-memory server in the driver's JVM: stopping it closes its listener, the content stays. */
    final class Embedded implements SoakDirectory {
        static final String MANAGER_DN = "cn=Directory Manager";
        static final String MANAGER_PASSWORD = "soak-manager-secret";
        private final EmbeddedDirectory directory;

        Embedded(Path seed, int port) throws IOException {
            this.directory = EmbeddedDirectory.builder().port(port).seed(seed)
                    .additionalBindCredentials(MANAGER_DN, MANAGER_PASSWORD).start();
        }

        @Override
        public String url() {
            return directory.url();
        }

        @Override
        public String managerDn() {
            return MANAGER_DN;
        }

        @Override
        public String managerPassword() {
            return MANAGER_PASSWORD;
        }

        @Override
        public boolean canPause() {
            return false;
        }

        @Override
        public void stop() {
            directory.server().shutDown(false);
        }

        @Override
        public void start() throws LDAPException {
            directory.server().startListening();
        }

        @Override
        public void pause() {
            throw new UnsupportedOperationException("the embedded directory runs in the driver's JVM");
        }

        @Override
        public void resume() {
            throw new UnsupportedOperationException("the embedded directory runs in the driver's JVM");
        }

        @Override
        public int port() {
            return directory.port();
        }

        @Override
        public void close() {
            directory.server().shutDown(true);
        }
    }

    /**
     * slapd of the {@code groupbridge-test/openldap} image (Debian's package) in a container on the host's network,
     * listening on 127.0.0.1 only. Its database sits in a host folder mounted at {@code /soak}, so stopping and
     * starting the container keeps the content; the conf is the image's start script's (mdb, syncprov, refint,
     * groupbridge's schema) with fixed paths.
     */
    final class Slapd implements SoakDirectory {
        static final String IMAGE = "groupbridge-test/openldap:latest";
        static final String MANAGER_DN = "cn=admin,dc=example,dc=com";
        static final String MANAGER_PASSWORD = "soak-admin-secret";
        private final String name;
        private final int port;

        Slapd(Path work, int port, String name) throws Exception {
            this.name = name;
            this.port = port;
            Path data = work.resolve("slapd");
            Files.createDirectories(data.resolve("db"));
            Files.writeString(data.resolve("slapd.conf"), """
                    include /etc/ldap/schema/core.schema
                    include /etc/ldap/schema/cosine.schema
                    include /etc/ldap/schema/inetorgperson.schema
                    include /etc/ldap/schema/groupbridge.schema
                    modulepath /usr/lib/ldap
                    moduleload back_mdb
                    moduleload syncprov
                    moduleload refint
                    pidfile /soak/slapd.pid
                    argsfile /soak/slapd.args
                    sizelimit unlimited

                    database mdb
                    suffix "dc=example,dc=com"
                    rootdn "%s"
                    rootpw %s
                    directory /soak/db
                    maxsize 1073741824
                    index objectClass eq
                    index entryUUID,entryCSN eq
                    index uid eq
                    index member,uniqueMember,owner eq
                    overlay refint
                    refint_attributes member uniqueMember owner
                    overlay syncprov
                    syncprov-checkpoint 100 10
                    syncprov-sessionlog 1000
                    """.formatted(MANAGER_DN, MANAGER_PASSWORD));
            Docker.run(List.of("rm", "-f", name));
            Docker.run(List.of("run", "-d", "--name", name, "--network", "host",
                    "-v", data.toAbsolutePath() + ":/soak", "--entrypoint", "/usr/sbin/slapd", IMAGE,
                    "-f", "/soak/slapd.conf", "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0"));
            awaitUp(Duration.ofSeconds(60));
        }

        @Override
        public String url() {
            return "ldap://127.0.0.1:" + port;
        }

        @Override
        public String managerDn() {
            return MANAGER_DN;
        }

        @Override
        public String managerPassword() {
            return MANAGER_PASSWORD;
        }

        @Override
        public boolean canPause() {
            return true;
        }

        @Override
        public void stop() throws IOException {
            Docker.run(List.of("stop", "-t", "5", name));
        }

        @Override
        public void start() throws Exception {
            Docker.run(List.of("start", name));
            awaitUp(Duration.ofSeconds(60));
        }

        @Override
        public void pause() throws IOException {
            Docker.run(List.of("kill", "--signal", "STOP", name));
        }

        @Override
        public void resume() throws IOException {
            Docker.run(List.of("kill", "--signal", "CONT", name));
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() {
            try {
                Docker.run(List.of("rm", "-f", name));
            } catch (IOException e) {
                System.err.println("soak: could not remove container " + name + ": " + e.getMessage());
            }
        }
    }
}
