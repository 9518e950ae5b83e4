package io.groupbridge.daemon;

import io.groupbridge.config.ScheduleConfig;
import io.groupbridge.store.GroupStore;
import java.util.Properties;
import java.util.UUID;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store in the group store's PostgreSQL database ({@code schedule.cluster}). Every
 * daemon on the store shares the triggers, so each fire runs on exactly one of them, and a daemon that stops checking
 * in has its fires taken over by the others. Quartz's tables (prefix {@code QRTZ_}) are the store's: its PostgreSQL
 * migration creates them.
 */
final class ClusterJobStore {

    /** The scheduler name the members of a cluster share: Quartz keys every row by it. */
    static final String SCHEDULER_NAME = "groupbridge";

    // Quartz's threads that use the database besides the jobs: the scheduler, the misfire handler, the cluster check-in.
    private static final int OWN_CONNECTIONS = 3;

    private ClusterJobStore() {
    }

    /**
     * Quartz properties for a clustered scheduler with {@code threads} job threads on the store's database. Its
     * connections come from the store's pool, grown by the schedule's share until the scheduler shuts down. The
     * scheduler name is fixed, and Quartz lets a JVM hold one scheduler of a name: one clustered daemon per process.
     */
    static Properties properties(GroupStore store, ScheduleConfig schedule, int threads) {
        // Quartz finds a job store's connections by name in its JVM-wide registry, the only way to hand it a pool.
        String dataSource = "groupbridge-store-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource,
                store.scheduleConnections(threads + OWN_CONNECTIONS));
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
}
