package io.groupbridge.daemon;

import io.groupbridge.sync.ReconcileReport.Mode;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Reads only the entries changed since the checkpoint (spec Y2), every {@code schedule.incremental}. Removes only
 * what the server reports deleted through content sync; other deletions are the {@link FullReconcileJob}'s. Misfire
 * policy: skip missed fires and wait for the next
 * one, since one incremental run catches up everything missed.
 */
@DisallowConcurrentExecution
final class IncrementalReconcileJob implements Job {

    static final String NAME = "incremental-reconcile";

    private final Cycle cycle;
    private final ReconcileCycle reconcile;

    IncrementalReconcileJob(Cycle cycle, ReconcileCycle reconcile) {
        this.cycle = cycle;
        this.reconcile = reconcile;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> reconcile.run(conf, Mode.INCREMENTAL));
    }
}
