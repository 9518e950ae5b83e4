package io.groupbridge.store;

import java.time.Instant;
import java.util.Map;

/**
 * What the daemon records of its jobs and what {@code groupbridge status} reads back: job runs, the latest reconcile
 * runs, and the outbox's backlog. The port the daemon and the status command depend on, so neither sees SQL.
 */
public interface DaemonRecords {

    /** Records a run and prunes this job's runs older than a week. */
    void record(JobRun run);

    /** The latest run of each job that ever ran, by job name. */
    Map<String, JobRun> latestJobRuns();

    /**
     * When each job last finished a {@code succeeded} run, by job name, within the week of runs kept; so a restarted
     * daemon's last-success meter starts from the store instead of from nothing.
     */
    Map<String, Instant> lastSuccesses();

    /** The latest reconcile run of each mode ({@code full}, {@code incremental}). */
    Map<String, ReconcileRun> latestReconcileRuns();

    /** Outbox rows per state ({@code pending}, {@code failed}, {@code done}, ...). */
    Map<String, Integer> outboxCounts();

    /**
     * Groups in the directory (state {@code active}) that the store holds no owner for: the administrators' to renew
     * (spec E2) and to review (V7).
     */
    int ownerlessGroups();

    /** A run recorded in {@code reconcile_run}, as status shows it. */
    record ReconcileRun(String mode, Instant startedAt, Instant finishedAt, String outcome, int peopleRead,
            int groupsRead, int changes, int warnings, String error) {
    }
}
