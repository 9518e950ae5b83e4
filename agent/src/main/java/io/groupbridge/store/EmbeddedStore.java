package io.groupbridge.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HSQLDB store's protection: its folder readable by the agent's OS user only, and an SA password that
 * no other local user knows, so that the loopback server a daemon runs (see {@link EmbeddedStoreServer}) serves
 * nobody else.
 *
 * <p>The password is {@code store.password} when the conf gives one; otherwise it is generated at the first start
 * (32 random bytes, base64url) into {@value #CREDENTIALS_FILE} beside the database files, created {@code rw-------}
 * before the database ever sees it. A store from before passwords (SA with an empty password) is given the
 * password when it is first opened; from then on the empty password is refused.
 *
 * <p>{@link #open} keeps one in-process connection until closed, so the pool opened meanwhile finds the database
 * already open instead of opening it a second time.
 */
public final class EmbeddedStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    /** The name of the credentials file in the store's folder. */
    public static final String CREDENTIALS_FILE = "credentials";
    private static final int PASSWORD_BYTES = 32;
    // HSQLDB's "invalid authorization specification", for a wrong user name or password alike.
    private static final String INVALID_AUTHORIZATION = "28000";
    private static final int MIN_CACHE_KILOBYTES = 10_000;
    private static final int MIN_CACHE_ROWS = 50_000;
    // HSQLDB's ceiling: a larger count is stored as this one.
    private static final int MAX_CACHE_ROWS = 1 << 24;
    // Mapped, not read into the heap: address space, which a 64-bit JVM has plenty of.
    private static final int NIO_MEGABYTES = 16_384;

    private final Connection connection;

    private EmbeddedStore(Connection connection) {
        this.connection = connection;
    }

    /** The credentials file of the database at {@code databasePrefix} (e.g. {@code data/store/groupbridge}). */
    public static Path credentialsFile(Path databasePrefix) {
        return databasePrefix.toAbsolutePath().getParent().resolve(CREDENTIALS_FILE);
    }

    /**
     * Makes the store's folder and its parent (the home's {@code data/}) owner-only, and finds the password every
     * connection of this process uses, generating it when there is none yet. Does not open the database.
     *
     * @param configured {@code store.password}; empty means the generated one
     * @return the password; a secret, never logged
     * @throws StoreException when a folder or the credentials file cannot be made, read or secured, naming the path
     */
    public static String password(Path databasePrefix, String configured, SecureRandom random) throws StoreException {
        Path folder = databasePrefix.toAbsolutePath().getParent();
        Path file = credentialsFile(databasePrefix);
        try {
            OwnerOnlyFiles.folder(folder.getParent());
            OwnerOnlyFiles.folder(folder);
        } catch (IOException e) {
            throw new StoreException("cannot make the embedded store's folder " + folder + " private to this user: "
                    + GroupStore.rootMessage(e), e);
        }
        if (!configured.isEmpty()) {
            return configured;
        }
        Optional<String> stored = readCredentials(file);
        return stored.isPresent() ? stored.get() : generate(file, random);
    }

    /**
     * Opens the database at {@code jdbcUrl} (a {@code jdbc:hsqldb:file:} URL) in this process as {@code username}
     * with {@code password}, creating it with that password when it does not exist. A database that refuses the
     * password but takes the empty one (a store from before passwords), or the one in the credentials file when the
     * conf's {@code store.password} is new, is switched to {@code password}. Also turns HSQLDB's write delay off, so
     * that a commit is on disk before it is acknowledged, and sizes its row cache to this JVM's heap (see
     * {@link #cacheKilobytes}).
     *
     * @throws StoreException when the database refuses every password it may have, or cannot be opened
     */
    public static EmbeddedStore open(String jdbcUrl, String username, String password, Path credentialsFile)
            throws StoreException {
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl, username, password);
        } catch (SQLException e) {
            if (!INVALID_AUTHORIZATION.equals(e.getSQLState())) {
                throw new StoreException("cannot open the embedded store at " + jdbcUrl + ": "
                        + GroupStore.rootMessage(e), e);
            }
            c = migrate(jdbcUrl, username, password, credentialsFile);
        }
        try {
            syncEveryCommit(c);
            if (compareWithoutPadding(c, jdbcUrl)) {
                c = DriverManager.getConnection(jdbcUrl, username, password);
            }
            if (sizeCache(c, Runtime.getRuntime().maxMemory())) {
                // HSQLDB sizes its row cache when it opens the files: closing the last connection and opening again
                // puts the new size in force now, not at the agent's next start.
                close(c);
                c = DriverManager.getConnection(jdbcUrl, username, password);
            }
        } catch (SQLException e) {
            close(c);
            throw new StoreException("cannot set the write delay, the text comparison or the row cache of the embedded"
                    + " store at " + jdbcUrl + ": " + GroupStore.rootMessage(e), e);
        }
        return new EmbeddedStore(c);
    }

    private static Connection migrate(String jdbcUrl, String username, String password, Path credentialsFile)
            throws StoreException {
        Optional<String> stored = readCredentials(credentialsFile);
        boolean fromFile = stored.filter(password::equals).isPresent();
        List<String> earlier = new ArrayList<>();
        earlier.add("");
        stored.filter(p -> !fromFile).ifPresent(earlier::add);
        for (String old : earlier) {
            Connection c;
            try {
                c = DriverManager.getConnection(jdbcUrl, username, old);
            } catch (SQLException e) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET PASSWORD " + sqlString(password));
            } catch (SQLException e) {
                close(c);
                throw new StoreException("cannot set the password of the embedded store at " + jdbcUrl + ": "
                        + GroupStore.rootMessage(e), e);
            }
            if (old.isEmpty()) {
                LOG.info("the embedded store at {} had no password; it has one now, and the empty password is"
                        + " refused from here on", jdbcUrl);
            } else {
                LOG.info("the embedded store at {} now takes store.password instead of the password in {}, which is"
                        + " removed", jdbcUrl, credentialsFile);
                deleteQuietly(credentialsFile);
            }
            return c;
        }
        throw new StoreException("the embedded store at " + jdbcUrl + " refuses user " + username + " with the"
                + " password from " + (fromFile ? credentialsFile : "store.password") + "; if it was set with"
                + " store.password, set that again, or restore " + credentialsFile + " from a backup", null);
    }

    /* Idempotent, but written to the database's log only when it changes something. */
    private static void syncEveryCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                        + " WHERE PROPERTY_NAME = 'hsqldb.write_delay_millis'")) {
            if (rs.next() && "0".equals(rs.getString(1))) {
                return;
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET FILES WRITE DELAY FALSE");
        }
    }

    /*
     * Text compares as PostgreSQL compares it, trailing spaces included (NO PAD). HSQLDB's default, PAD SPACE, copied
     * the shorter string into a space-padded one at every comparison of two lengths, in every index step: a tenth of
     * the web panel's CPU under scripts/bench-web (issue 12, point 6). An index keeps the order it was built in, so a
     * store that already has tables is written out as a script and read back, which builds every index again in the
     * new order; the caller opens it again. Returns whether the database was closed.
     */
    private static boolean compareWithoutPadding(Connection c, String jdbcUrl) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                        + " WHERE PROPERTY_NAME = 'sql.pad_space'")) {
            if (rs.next() && "false".equals(rs.getString(1))) {
                return false;
            }
        }
        boolean hasTables;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            hasTables = rs.next() && rs.getInt(1) > 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET DATABASE COLLATION SQL_TEXT NO PAD");
            if (!hasTables) {
                return false;
            }
            LOG.info("rebuilding the indexes of the embedded store at {} once, for comparisons without padding;"
                    + " a large store takes a minute", jdbcUrl);
            s.execute("SHUTDOWN SCRIPT");
        }
        close(c);
        return true;
    }

    /**
     * The row cache, in kilobytes of stored rows, for a JVM of {@code maxHeapBytes}: an eighth of the heap, and never
     * less than HSQLDB's own 10 000. HSQLDB's default of 10 MB and 50 000 rows held a third of a size-S store and a
     * thirtieth of a size-M one (issue 12, point 6: the web panel's reads then decoded rows from the file again and
     * again, one reader at a time); a cached row takes about twice its stored size on the heap, so an eighth leaves
     * three quarters of the heap to the reconcile and the web panel.
     */
    static int cacheKilobytes(long maxHeapBytes) {
        return (int) Math.max(MIN_CACHE_KILOBYTES, Math.min(Integer.MAX_VALUE, maxHeapBytes / 8 / 1024));
    }

    /*
     * The cache's size, its row count (a bound of its own, set so that the size bounds first: rows of a group's members
     * store in about 200 bytes) and the part of the file read through memory mapping (HSQLDB's default of 256 MB
     * reads the rest of an M store through a file channel). Returns whether any of them changed.
     */
    private static boolean sizeCache(Connection c, long maxHeapBytes) throws SQLException {
        int kilobytes = cacheKilobytes(maxHeapBytes);
        long rows = Math.min(MAX_CACHE_ROWS, Math.max(MIN_CACHE_ROWS, kilobytes * 1024L / 100));
        boolean changed = set(c, "hsqldb.cache_size", kilobytes, "SET FILES CACHE SIZE ");
        changed |= set(c, "hsqldb.cache_rows", rows, "SET FILES CACHE ROWS ");
        return set(c, "hsqldb.nio_max_size", NIO_MEGABYTES, "SET FILES NIO SIZE ") | changed;
    }

    private static boolean set(Connection c, String property, long value, String statement) throws SQLException {
        try (PreparedStatement read = c.prepareStatement("SELECT PROPERTY_VALUE FROM"
                + " INFORMATION_SCHEMA.SYSTEM_PROPERTIES WHERE PROPERTY_NAME = ?")) {
            read.setString(1, property);
            try (ResultSet rs = read.executeQuery()) {
                if (rs.next() && Long.toString(value).equals(rs.getString(1))) {
                    return false;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(statement + value);
        }
        return true;
    }

    private static Optional<String> readCredentials(Path file) throws StoreException {
        String content;
        try {
            OwnerOnlyFiles.restrict(file, "credentials file");
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new StoreException("cannot read the embedded store's credentials file " + file
                    + ": permission denied (run groupbridge as the OS user that owns the store)", e);
        } catch (IOException e) {
            throw new StoreException("cannot read the embedded store's credentials file " + file + ": "
                    + GroupStore.rootMessage(e), e);
        }
        if (content.isEmpty()) {
            throw new StoreException("the embedded store's credentials file " + file + " is empty; restore it from a"
                    + " backup, or delete it if the store has never been opened", null);
        }
        return Optional.of(content);
    }

    /*
     * Written to a temporary file created owner-only, synced, then linked into place, so the file is never readable
     * by others, never half-written, and on disk before the database is given the password. Linking fails where a
     * file exists: a process that started at the same moment and got there first wins, and its password is used.
     */
    private static String generate(Path file, SecureRandom random) throws StoreException {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path temporary = null;
        try {
            temporary = Files.createTempFile(file.getParent(), CREDENTIALS_FILE, ".tmp",
                    OwnerOnlyFiles.fileAttributes());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            return readCredentials(file).orElseThrow();
        } catch (IOException e) {
            throw new StoreException("cannot write the embedded store's credentials file " + file + ": "
                    + GroupStore.rootMessage(e), e);
        } finally {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
        }
        LOG.info("generated a password for the embedded store in {} (readable by this user only)", file);
        return password;
    }

    private static String sqlString(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing the embedded store's set-up connection: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        close(connection);
    }
}
