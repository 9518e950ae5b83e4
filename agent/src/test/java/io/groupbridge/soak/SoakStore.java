package io.groupbridge.soak;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The agent's store: the embedded HSQLDB the daemon serves, or PostgreSQL in a container the driver restarts. */
interface SoakStore extends AutoCloseable {

    /** The conf's {@code store:} section. */
    String confSection();

    boolean canRestart();

    void restart() throws Exception;

    @Override
    void close();

    /** HSQLDB in the agent's data folder, served on loopback by the daemon for the soak's commands. */
    record Embedded(int port) implements SoakStore {
        @Override
        public String confSection() {
            return "store:\n  embeddedPort: " + port + "\n";
        }

        @Override
        public boolean canRestart() {
            return false;
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("the embedded store lives in the daemon");
        }

        @Override
        public void close() {
        }
    }

    /**
     * PostgreSQL of the {@code groupbridge-test/postgresql} image (Debian's package) on the host's network, on
     * 127.0.0.1 only, trust authentication for {@code postgres}. The cluster is made once in the container's
     * writable layer, so {@code docker restart} (a clean shutdown and a start) keeps the data.
     */
    final class Postgres implements SoakStore {
        static final String IMAGE = "groupbridge-test/postgresql:latest";
        private final String name;
        private final int port;

        Postgres(int port, String name) throws Exception {
            this.name = name;
            this.port = port;
            Docker.run(List.of("rm", "-f", name));
            Docker.run(List.of("run", "-d", "--name", name, "--network", "host", "--entrypoint", "sh", IMAGE, "-c",
                    "bin=$(echo /usr/lib/postgresql/*/bin); d=/tmp/soak-pgdata;"
                            + " [ -f $d/PG_VERSION ] || $bin/initdb -D $d -U postgres -A trust -E UTF8 --locale=C"
                            + " --no-sync >/dev/null; exec $bin/postgres -D $d -p " + port
                            + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=$d -c max_connections=60"));
            awaitUp(Duration.ofSeconds(60));
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        @Override
        public String confSection() {
            return "store:\n  url: " + url() + "\n  username: postgres\n";
        }

        @Override
        public boolean canRestart() {
            return true;
        }

        @Override
        public void restart() throws Exception {
            Docker.run(List.of("restart", "-t", "10", name));
            awaitUp(Duration.ofSeconds(60));
        }

        private void awaitUp(Duration patience) throws Exception {
            Instant deadline = Instant.now().plus(patience);
            while (true) {
                try (Connection c = DriverManager.getConnection(url(), "postgres", "")) {
                    return;
                } catch (SQLException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IOException("PostgreSQL on port " + port + " did not answer within " + patience, e);
                    }
                    Thread.sleep(300);
                }
            }
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
