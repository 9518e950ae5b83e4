package io.groupbridge.daemon;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.groupbridge.config.JdbcUrls;
import io.groupbridge.config.ScheduleConfig;
import io.groupbridge.config.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store in the group store's PostgreSQL database ({@code schedule.cluster}). Every
 * daemon on the store shares the triggers, so each fire runs on exactly one of them, and a daemon that stops checking
 * in has its fires taken over by the others. Quartz's tables (prefix {@code QRTZ_}) are created from the script in
 * Quartz's own jar the first time; Flyway does not create them, since its migrations also run on HSQLDB, where a
 * cluster makes no sense.
 */
final class ClusterJobStore {

    /** The scheduler name the members of a cluster share: Quartz keys every row by it. */
    static final String SCHEDULER_NAME = "groupbridge";

    private static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    // Quartz's threads that use the database besides the jobs: the scheduler, the misfire handler, the cluster check-in.
    private static final int OWN_CONNECTIONS = 3;

    private ClusterJobStore() {
    }

    /**
     * Quartz properties for a clustered scheduler with {@code threads} job threads on the store's database, whose
     * tables exist when this returns. The connections are Quartz's own small pool, closed when the scheduler shuts
     * down. The scheduler name is fixed, and Quartz lets a JVM hold one scheduler of a name: one clustered daemon per
     * process.
     *
     * @throws SchedulerException when the database cannot be reached or the tables cannot be created
     */
    static Properties properties(StoreConfig store, ScheduleConfig schedule, int threads) throws SchedulerException {
        StoreConnections connections = new StoreConnections(store, threads + OWN_CONNECTIONS);
        try {
            createTablesIfAbsent(connections.dataSource);
        } catch (SQLException | IOException | RuntimeException e) {
            connections.shutdown();
            throw new SchedulerException(JdbcUrls.redact("cannot set up the cluster's schedule tables in the store at "
                    + store.url() + ": " + e.getMessage()), e);
        }
        String dataSource = "groupbridge-store-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, connections);
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(schedule.clusterCheckin().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "groupbridge-job");
        return p;
    }

    /*
     * In one transaction, so that of two daemons starting together one creates the tables and the other, whose
     * CREATE fails on them, finds them there.
     */
    private static void createTablesIfAbsent(HikariDataSource dataSource) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            if (tablesExist(c)) {
                return;
            }
            List<String> statements = creates();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!tablesExist(c)) {
                    throw e;
                }
            }
        }
    }

    private static boolean tablesExist(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The script's statements but its DROPs (it starts by dropping the tables) and its closing COMMIT. */
    private static List<String> creates() throws IOException {
        String script;
        try (InputStream in = ClusterJobStore.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> withoutComments.append(l).append('\n'));
        List<String> result = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            String sql = statement.strip();
            String verb = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !verb.equals("DROP") && !verb.equals("COMMIT")) {
                result.add(sql);
            }
        }
        return result;
    }

    /** Quartz's connections to the store, a pool apart from the agent's so neither can starve the other. */
    private static final class StoreConnections implements ConnectionProvider {

        private final HikariDataSource dataSource;

        StoreConnections(StoreConfig store, int size) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(store.jdbcUrl());
            config.setUsername(store.username());
            config.setPassword(store.password().reveal());
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(1);
            config.setPoolName("groupbridge-schedule");
            this.dataSource = new HikariDataSource(config);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            dataSource.close();
        }

        @Override
        public void initialize() {
        }
    }
}
