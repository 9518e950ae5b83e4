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
 */
public record ScheduleConfig(Duration incremental, String full, Duration writeBack, Duration shutdownTimeout) {

    public ScheduleConfig {
        Objects.requireNonNull(incremental, "incremental");
        Objects.requireNonNull(full, "full");
        Objects.requireNonNull(writeBack, "writeBack");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }
}
