package io.groupbridge.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The SQL group store.
 *
 * @param url {@code embedded} (an HSQLDB file database at {@code embeddedDatabase}) or a {@code jdbc:} URL
 * @param username empty when the driver takes it from the URL
 * @param embeddedPort the loopback port on which a daemon serves the embedded database to other processes
 * @param embeddedDatabase the HSQLDB file path prefix used when {@code url} is {@code embedded}:
 *     {@code <home>/data/store/groupbridge}
 */
public record StoreConfig(String url, String username, Secret password, int maxPoolSize, int embeddedPort,
        Path embeddedDatabase) {

    static final String EMBEDDED = "embedded";
    static final int DEFAULT_EMBEDDED_PORT = 9137;
    /** The name under which a daemon serves the embedded database. */
    public static final String EMBEDDED_DATABASE_NAME = "groupbridge";

    /*
     * cached tables keep the embedded store off the heap for large directories; mvcc lets the web panel read while a
     * reconcile writes; shutdown=true checkpoints the files when the last connection closes.
     */
    private static final String HSQLDB_PROPERTIES = ";hsqldb.default_table_type=cached;hsqldb.tx=mvcc";
    private static final String HSQLDB_OPTIONS = HSQLDB_PROPERTIES + ";shutdown=true";

    public StoreConfig {
        Objects.requireNonNull(url, "url");
        if (!url.equals(EMBEDDED) && !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("store url must be embedded or a jdbc: URL");
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        if (embeddedPort < 1 || embeddedPort > 65535) {
            throw new IllegalArgumentException("embeddedPort out of range: " + embeddedPort);
        }
        Objects.requireNonNull(embeddedDatabase, "embeddedDatabase");
    }

    /** For a {@code jdbc:} URL, where {@code embedded} would mean a database under {@code data/store} of the working directory. */
    public StoreConfig(String url, String username, Secret password, int maxPoolSize) {
        this(url, username, password, maxPoolSize, DEFAULT_EMBEDDED_PORT,
                Path.of("data", "store", "groupbridge").toAbsolutePath());
    }

    public boolean isEmbedded() {
        return url.equals(EMBEDDED);
    }

    /** @return the URL to hand to the connection pool */
    public String jdbcUrl() {
        return isEmbedded() ? "jdbc:hsqldb:file:" + embeddedDatabase + HSQLDB_OPTIONS : url;
    }

    /** Where a running daemon serves the embedded database to other processes (loopback only). */
    public String embeddedServerUrl() {
        return "jdbc:hsqldb:hsql://127.0.0.1:" + embeddedPort + "/" + EMBEDDED_DATABASE_NAME;
    }

    /**
     * The embedded database as an HSQLDB server opens it: its file and properties, without {@code shutdown=true},
     * which is for in-process connections.
     */
    public String embeddedServerPath() {
        return "file:" + embeddedDatabase + HSQLDB_PROPERTIES;
    }
}
