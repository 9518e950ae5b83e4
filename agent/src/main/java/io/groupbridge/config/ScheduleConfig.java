package io.groupbridge.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When the daemon works.
 *
 * @param incremental pause between incremental reconciles (spec Y2), default 60s
 * @param full Quartz cron expression for the full reconcile that also catches deletions, default nightly at 02:00
 * @param writeBack pause between write-back outbox runs, default 10s
 * @param shutdownTimeout how long a stopping daemon waits for a running job before it abandons it (a reconcile then
 *     rolls back), default 30s
 * @param cluster whether the schedule lives in the store's PostgreSQL database, shared by every daemon on that store
 *     so that each fire runs on one of them (Quartz's clustered JDBC job store); default false, a schedule in memory
 *     and one daemon per store
 * @param clusterCheckin how often a clustered daemon tells the others it is alive; one that has not for this long
 *     (plus Quartz's 7.5 s grace) is taken for dead and its fires are taken over, default 7.5s
 */
public record ScheduleConfig(Duration incremental, String full, Duration writeBack, Duration shutdownTimeout,
        boolean cluster, Duration clusterCheckin) {

    public ScheduleConfig {
        Objects.requireNonNull(incremental, "incremental");
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(writeBack, "writeBack");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(clusterCheckin, "clusterCheckin");
    }
}
