package io.groupbridge.store;

import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.hsqldb.server.Server;
import org.hsqldb.server.ServerConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HSQLDB store served on loopback, so that while a daemon has the file database open, other groupbridge
 * processes (status, reconcile, self-service commands) reach the same database instead of failing on its lock.
 *
 * <p>The daemon keeps its own in-process connections: within one JVM, HSQLDB shares one open database between the
 * server and {@code jdbc:hsqldb:file:} connections to the same path. Stopping the server disconnects remote clients
 * only; the database stays open until the daemon's own pool closes it.
 */
public final class EmbeddedStoreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreServer.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String INVALID_AUTHORIZATION = "28000";

    private final Server server;

    private EmbeddedStoreServer(Server server) {
        this.server = server;
    }

    /**
     * Serves the database at {@code serverPath} (an HSQLDB {@code file:} path with its properties) as
     * {@code databaseName} on 127.0.0.1:{@code port}. The database must exist (opened in this process through
     * {@link EmbeddedStore#open}): clients then need its password, and the server never creates a database of its
     * own, which would take SA with an empty password.
     *
     * @throws StoreException when the server does not come online, typically because the port is in use
     */
    public static EmbeddedStoreServer start(String serverPath, String databaseName, int port) throws StoreException {
        Server server = new Server();
        // HSQLDB logs to stdout by default; the daemon's log is the place for anything worth saying.
        server.setLogWriter(null);
        server.setErrWriter(null);
        server.setSilent(true);
        server.setNoSystemExit(true);
        server.setAddress(LOOPBACK);
        server.setPort(port);
        server.setDatabaseName(0, databaseName);
        server.setDatabasePath(0, serverPath + ";ifexists=true");
        server.start();
        if (server.getState() != ServerConstants.SERVER_STATE_ONLINE) {
            Throwable error = server.getServerError();
            server.stop();
            throw new StoreException("cannot serve the embedded store on " + LOOPBACK + ":" + port + ": "
                    + (error == null ? server.getStateDescriptor() : GroupStore.rootMessage(error))
                    + " (is another groupbridge daemon running? set store.embeddedPort to a free port)", error);
        }
        LOG.info("embedded store served on jdbc:hsqldb:hsql://{}:{}/{}", LOOPBACK, port, databaseName);
        return new EmbeddedStoreServer(server);
    }

    /**
     * Whether a daemon serves this very database at {@code serverUrl}: something answers there and it is the file
     * {@code databaseFile} names, not the store of another groupbridge home that uses the same port. Fails fast: a
     * refused loopback connection answers at once.
     *
     * @param password never logged
     */
    public static boolean serves(String serverUrl, String username, String password, String databaseFile) {
        try (Connection c = DriverManager.getConnection(serverUrl, username, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("VALUES DATABASE()")) {
            Optional<String> served = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            String ours = new File(databaseFile).getCanonicalPath();
            if (served.isPresent() && served.get().equals(ours)) {
                return true;
            }
            LOG.warn("{} serves {}, not this home's store {}; opening the file (give each home its own"
                    + " store.embeddedPort)", serverUrl, served.orElse("an unknown database"), ours);
            return false;
        } catch (SQLException e) {
            if (INVALID_AUTHORIZATION.equals(e.getSQLState())) {
                // Another home's daemon on the same port, or this home's with a password this process does not have.
                LOG.warn("{} refuses user {} with this home's store password ({} beside {}, or store.password);"
                        + " opening the file (give each home its own store.embeddedPort)", serverUrl, username,
                        EmbeddedStore.CREDENTIALS_FILE, databaseFile);
                return false;
            }
            LOG.debug("no daemon serves the embedded store at {}: {}", serverUrl, e.getMessage());
            return false;
        } catch (IOException e) {
            LOG.debug("no daemon serves the embedded store at {}: {}", serverUrl, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
