package io.groupbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.groupbridge.config.JdbcUrls;
import io.groupbridge.notify.MailQueue;
import io.groupbridge.sync.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.quartz.utils.ConnectionProvider;

/**
 * The group store: a pooled connection to the SQL database, migrated to the current schema on open (one query when it
 * is current already, see {@link Migrations}). HSQLDB (the embedded default) and PostgreSQL run the same migrations
 * ({@code db/migration}); PostgreSQL also runs {@code db/postgresql}, Quartz's tables for a clustered daemon, which
 * speaks PostgreSQL only.
 */
public final class GroupStore implements AutoCloseable {

    private static final String POSTGRESQL = "jdbc:postgresql:";
    private static final String CLASSPATH = "classpath:";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Clock clock;
    private final int poolSize;
    private final MembershipRevision revision = new MembershipRevision();

    private GroupStore(HikariDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.poolSize = dataSource.getMaximumPoolSize();
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        if (!dataSource.getJdbcUrl().startsWith(POSTGRESQL)) {
            KeptStatements kept = new KeptStatements();
            jdbi.setStatementBuilderFactory(connection -> kept);
        }
    }

    /**
     * Opens the store and applies pending migrations.
     *
     * @param password may be {@code null}; never logged
     * @throws StoreException naming the URL (never a password, not even one inside the URL) when the database cannot
     *     be reached or migrated
     */
    public static GroupStore open(String jdbcUrl, String username, String password, int maxPoolSize, Clock clock)
            throws StoreException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(Math.max(2, maxPoolSize));
        config.setMinimumIdle(1);
        config.setPoolName("groupbridge-store");
        config.setAutoCommit(true);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException(
                    JdbcUrls.redact("cannot open the group store at " + jdbcUrl + ": " + rootMessage(e)), e);
        }
        try {
            String[] locations = migrations(jdbcUrl);
            if (!new Migrations(Stream.of(locations).map(l -> l.substring(CLASSPATH.length())).toList()).current(ds)) {
                Flyway.configure().dataSource(ds).locations(locations).load().migrate();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException(
                    JdbcUrls.redact("cannot migrate the group store at " + jdbcUrl + ": " + rootMessage(e)), e);
        }
        return new GroupStore(ds, clock);
    }

    private static String[] migrations(String jdbcUrl) {
        return jdbcUrl.startsWith(POSTGRESQL)
                ? new String[] {CLASSPATH + "db/migration", CLASSPATH + "db/postgresql"}
                : new String[] {CLASSPATH + "db/migration"};
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Clock clock() {
        return clock;
    }

    /** The connections the pool holds at most as configured ({@code store.maxPoolSize}), Quartz's share not counted. */
    public int poolSize() {
        return poolSize;
    }

    /**
     * Whether the database does its work on this machine's processors: HSQLDB, in this process or in a daemon's
     * loopback server. PostgreSQL has its own machine, or at least its own processes and locks.
     */
    public boolean runsOnThisMachine() {
        return dataSource.getJdbcUrl().startsWith("jdbc:hsqldb:");
    }

    public JdbiReconcileStore reconcileStore(int batchSize) {
        return new JdbiReconcileStore(jdbi, clock, batchSize, revision);
    }

    /**
     * @param period how long a lease counts without renewal
     * @param identity names this process in the leases it takes, e.g. {@code host (pid 4711)}
     */
    public JdbiRunLock runLock(Duration period, String identity) {
        return new JdbiRunLock(jdbi, clock, period, identity);
    }

    /** The write-back outbox (spec W1, W3). */
    public Outbox outbox() {
        return new JdbiOutbox(jdbi, revision);
    }

    /** The mail waiting to be sent (spec M3). */
    public MailQueue mailQueue() {
        return new JdbiMailQueue(jdbi);
    }

    public JdbiSelfServiceStore selfServiceStore() {
        return new JdbiSelfServiceStore(jdbi, revision);
    }

    /** Job runs, reconcile runs and outbox backlog for the daemon and {@code groupbridge status}. */
    public DaemonRecords daemonRecords() {
        return new JdbiDaemonRecords(jdbi, clock);
    }

    /** The web panel's sessions (V9). */
    public JdbiWebSessions webSessions() {
        return new JdbiWebSessions(jdbi);
    }

    public GroupQueries queries() {
        return new GroupQueries(jdbi, dataSource.getJdbcUrl().startsWith(POSTGRESQL));
    }

    /**
     * Connections for Quartz's clustered job store, from this store's pool, which grows by {@code connections} until
     * the scheduler shuts the provider down, so that the schedule's threads do not take the agent's share
     * ({@code store.maxPoolSize}) away from it. PostgreSQL only: the tables are this store's PostgreSQL migration.
     */
    public ConnectionProvider scheduleConnections(int connections) {
        return new ScheduleConnections(dataSource, connections);
    }

    /**
     * Publishes the connection pool's meters ({@code hikaricp.connections.*}, tagged {@code pool=groupbridge-store})
     * to {@code registry}; the pool removes them when it closes. Once per store: HikariCP refuses a second tracker.
     */
    public void meterPool(MeterRegistry registry) {
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
