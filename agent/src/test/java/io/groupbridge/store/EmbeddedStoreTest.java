package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's password and private folders (issue 10, finding 1) and its synced commits (issue 10,
 * finding 2), on the files of a real HSQLDB database opened the way {@code GroupbridgeApp} opens it.
 */
class EmbeddedStoreTest {

    private static final String OPTIONS = ";hsqldb.default_table_type=cached;hsqldb.tx=mvcc;shutdown=true";

    @TempDir
    Path home;

    private Path prefix() {
        return home.resolve("data/store/groupbridge");
    }

    private String url() {
        return "jdbc:hsqldb:file:" + prefix() + OPTIONS;
    }

    private Path credentials() {
        return EmbeddedStore.credentialsFile(prefix());
    }

    /** issue 10, finding 1: a new store never has SA without a password, and its password is the agent user's only. */
    @Test
    void aNewStoreGetsAGeneratedPasswordInAFileOnlyItsOwnerCanRead() throws Exception {
        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        try (EmbeddedStore opened = EmbeddedStore.open(url(), "SA", password, credentials())) {
            assertThat(Files.readString(credentials()).strip()).isEqualTo(password);
        }

        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                .isEqualTo("rwx------");
        assertRefused("");
        assertThat(EmbeddedStore.password(prefix(), "", new SecureRandom())).as("read back, not generated again")
                .isEqualTo(password);
        try (Connection c = DriverManager.getConnection(url(), "SA", password)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    /**
     * issue 10, finding 1: a store from before passwords is given one when it is opened, and the empty one stops
     * working.
     */
    @Test
    void aStoreFromBeforePasswordsIsGivenThePasswordAndRefusesTheEmptyOneAfter() throws Exception {
        Files.createDirectories(prefix().getParent());
        try (GroupStore old = GroupStore.open(url(), "SA", "", 2, Clock.systemUTC())) {
            old.jdbi().useHandle(h -> h.execute("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                    + " VALUES ('old', 't', 'before passwords', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
        }
        assertThat(credentials()).doesNotExist();

        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        try (EmbeddedStore opened = EmbeddedStore.open(url(), "SA", password, credentials());
                GroupStore store = GroupStore.open(url(), "SA", password, 2, Clock.systemUTC())) {
            String holder = store.jdbi().withHandle(h -> h.createQuery(
                    "SELECT holder FROM run_lease WHERE name = 'old'").mapTo(String.class).one());
            assertThat(holder).isEqualTo("before passwords");
        }

        assertRefused("");
        assertThat(Files.readString(credentials()).strip()).isEqualTo(password);
    }

    /** issue 10, finding 1: store.password, when the conf gives one, is the store's password; no file is written. */
    @Test
    void aConfiguredPasswordIsUsedInsteadOfAGeneratedOne() throws Exception {
        String password = EmbeddedStore.password(prefix(), "it's-mine", new SecureRandom());
        try (EmbeddedStore opened = EmbeddedStore.open(url(), "SA", password, credentials())) {
            assertThat(password).isEqualTo("it's-mine");
        }

        assertThat(credentials()).doesNotExist();
        assertRefused("");
        try (Connection c = DriverManager.getConnection(url(), "SA", "it's-mine")) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    /** issue 10, finding 1: moving from the generated password to store.password switches the store over once. */
    @Test
    void aNewlyConfiguredPasswordReplacesTheGeneratedOne() throws Exception {
        String generated = EmbeddedStore.password(prefix(), "", new SecureRandom());
        EmbeddedStore.open(url(), "SA", generated, credentials()).close();

        EmbeddedStore.open(url(), "SA", EmbeddedStore.password(prefix(), "chosen", new SecureRandom()), credentials())
                .close();

        assertRefused(generated);
        assertThat(credentials()).as("the stale password is not left lying around").doesNotExist();
    }

    /** issue 10, finding 1: a store that takes none of the passwords it might have says where the one tried is from. */
    @Test
    void aStoreThatRefusesTheConfiguredPasswordSaysWhichOneItTried() throws Exception {
        EmbeddedStore.open(url(), "SA", EmbeddedStore.password(prefix(), "first", new SecureRandom()), credentials())
                .close();

        assertThatThrownBy(() -> EmbeddedStore.open(url(), "SA", "second", credentials()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refuses user SA with the password from store.password")
                .hasMessageContaining(credentials().toString())
                .hasMessageNotContaining("second").hasMessageNotContaining("first");
    }

    /** issue 10, finding 1: folders made before this change, open to everyone, are closed to other users. */
    @Test
    void foldersOpenToOtherUsersAreMadeOwnerOnly() throws Exception {
        Files.createDirectories(prefix().getParent());
        Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(prefix().getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(credentials(), "restored-from-backup\n");
        Files.setPosixFilePermissions(credentials(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(EmbeddedStore.password(prefix(), "", new SecureRandom())).isEqualTo("restored-from-backup");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials()))).isEqualTo("rw-------");
    }

    /** issue 10, finding 2: every commit is synced, on a new store and on one created with HSQLDB's 500 ms delay. */
    @Test
    void commitsAreWrittenWithoutDelayOnNewAndExistingStores() throws Exception {
        Files.createDirectories(prefix().getParent());
        DriverManager.getConnection(url(), "SA", "").close();
        assertThat(writeDelayMillis("")).as("HSQLDB's default, which loses acknowledged commits").isEqualTo("500");

        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        EmbeddedStore.open(url(), "SA", password, credentials()).close();

        assertThat(writeDelayMillis(password)).isEqualTo("0");
    }

    /** issue 12, point 6: HSQLDB's 10 MB row cache held a thirtieth of a size-M store; it follows the heap now. */
    @Test
    void theRowCacheIsSizedToTheHeapOnNewAndExistingStores() throws Exception {
        Files.createDirectories(prefix().getParent());
        DriverManager.getConnection(url(), "SA", "").close();
        assertThat(property("", "hsqldb.cache_size")).as("HSQLDB's default").isEqualTo("10000");

        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        EmbeddedStore.open(url(), "SA", password, credentials()).close();

        int kilobytes = EmbeddedStore.cacheKilobytes(Runtime.getRuntime().maxMemory());
        assertThat(property(password, "hsqldb.cache_size")).isEqualTo(Integer.toString(kilobytes));
        assertThat(Long.parseLong(property(password, "hsqldb.cache_rows"))).isGreaterThanOrEqualTo(50_000);
        assertThat(property(password, "hsqldb.nio_max_size")).isEqualTo("16384");
    }

    /** issue 12, point 6: padding the shorter string at every comparison cost a tenth of the panel's CPU. */
    @Test
    void aNewStoreComparesTextWithoutPaddingAsPostgresqlDoes() throws Exception {
        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        EmbeddedStore.open(url(), "SA", password, credentials()).close();

        assertThat(property(password, "sql.pad_space")).isEqualTo("false");
        try (Connection c = DriverManager.getConnection(url(), "SA", password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v VARCHAR(10) PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES ('x'), ('x ')");
            assertThat(count(s, "SELECT COUNT(*) FROM t WHERE v = 'x'")).isEqualTo(1);
        }
    }

    /**
     * An index built while 'x ' and 'x' compared equal holds them in the order they came; compared without padding,
     * a look-up that trusted that order would miss one. The store's indexes are built again when it switches.
     */
    @Test
    void anExistingStoreSwitchesToComparingWithoutPaddingAndFindsEveryRowThroughItsIndexes() throws Exception {
        Files.createDirectories(prefix().getParent());
        try (Connection c = DriverManager.getConnection(url(), "SA", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10))");
            s.execute("CREATE INDEX t_v ON t (v)");
            for (int i = 0; i < 200; i++) {
                s.execute("INSERT INTO t VALUES (" + i + ", '" + (i % 2 == 0 ? "x " : "x") + "')");
            }
            assertThat(count(s, "SELECT COUNT(*) FROM t WHERE v = 'x'")).as("padded: both compare equal")
                    .isEqualTo(200);
        }
        String password = EmbeddedStore.password(prefix(), "", new SecureRandom());
        EmbeddedStore.open(url(), "SA", password, credentials()).close();

        assertThat(property(password, "sql.pad_space")).isEqualTo("false");
        try (Connection c = DriverManager.getConnection(url(), "SA", password); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM t WHERE v = 'x'")).isEqualTo(100);
            assertThat(count(s, "SELECT COUNT(*) FROM t WHERE v = 'x '")).isEqualTo(100);
            assertThat(count(s, "SELECT COUNT(*) FROM t")).isEqualTo(200);
        }
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theRowCacheIsAnEighthOfTheHeapAndNeverBelowHsqldbsDefault() {
        assertThat(EmbeddedStore.cacheKilobytes(2L << 30)).isEqualTo(262_144);
        assertThat(EmbeddedStore.cacheKilobytes(8L << 30)).isEqualTo(1_048_576);
        assertThat(EmbeddedStore.cacheKilobytes(64L << 20)).isEqualTo(10_000);
    }

    private String property(String password, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "SA", password);
                java.sql.PreparedStatement s = c.prepareStatement("SELECT PROPERTY_VALUE FROM"
                        + " INFORMATION_SCHEMA.SYSTEM_PROPERTIES WHERE PROPERTY_NAME = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String writeDelayMillis(String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "SA", password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT PROPERTY_VALUE FROM INFORMATION_SCHEMA.SYSTEM_PROPERTIES"
                        + " WHERE PROPERTY_NAME = 'hsqldb.write_delay_millis'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void assertRefused(String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url(), "SA", password).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
    }
}
