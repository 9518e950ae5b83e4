package io.groupbridge.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of one of the daemon's scheduled jobs.
 *
 * @param outcome {@code succeeded}, {@code failed}, {@code stopped} (the failsafe refused a reconcile) or
 *     {@code skipped} (another process held the reconcile lease)
 * @param entriesRead directory entries a reconcile read; 0 for other jobs
 * @param changes store changes of a reconcile, outbox rows written by write-back, requests expired
 * @param detail why it failed, stopped or was skipped; may be {@code null}
 * @param settingsVersion the version of the settings in force (spec S8)
 */
public record JobRun(String job, Instant startedAt, Instant finishedAt, String outcome, int entriesRead, int changes,
        String detail, String settingsVersion) {

    public JobRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(outcome, "outcome");
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
