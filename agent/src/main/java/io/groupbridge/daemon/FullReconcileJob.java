package io.groupbridge.daemon;

import io.groupbridge.sync.ReconcileReport.Mode;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Reads the whole directory on the {@code schedule.full} cron and catches deletions (spec Y1, Y2). Misfire policy:
 * fire once as soon as possible, then follow the cron, so a nightly run missed while the daemon was down or busy
 * still happens that day, and only once.
 */
@DisallowConcurrentExecution
final class FullReconcileJob implements Job {

    static final String NAME = "full-reconcile";

    private final Cycle cycle;
    private final ReconcileCycle reconcile;

    FullReconcileJob(Cycle cycle, ReconcileCycle reconcile) {
        this.cycle = cycle;
        this.reconcile = reconcile;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> reconcile.run(conf, Mode.FULL));
    }
}
