package io.groupbridge.daemon;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.MassRemovalException;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.SyncCycle;
import io.groupbridge.sync.SyncException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconcile run as a daemon cycle: the lease and the failsafe decide whether it runs and commits, and a committed
 * run records the drift it revealed before the next write-back (spec W5).
 *
 * <p>The daemon's own runs take turns before they reach the lease: a full run that fires while this daemon's
 * incremental run holds the lease waits for it, and an incremental run that fires while a full one runs or waits
 * is skipped (the full run reads everything anyway). Left to the lease alone, a full run that happened to fire
 * during an incremental one was skipped until its next fire, a day later on the default schedule, and deletions
 * the incremental runs cannot see waited that long.
 */
final class ReconcileCycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileCycle.class);

    /** Long past any incremental run; a full run still waiting then is skipped rather than queued for ever. */
    static final long FULL_RUN_PATIENCE_MINUTES = 10;

    private final SyncCycles cycles;
    /** Fair, so a waiting full run goes before the next incremental one. */
    private final ReentrantLock turns = new ReentrantLock(true);

    ReconcileCycle(SyncCycles cycles) {
        this.cycles = cycles;
    }

    JobOutcome run(GroupbridgeConfig conf, Mode mode) throws Exception {
        if (mode == Mode.FULL) {
            if (!turns.tryLock(FULL_RUN_PATIENCE_MINUTES, TimeUnit.MINUTES)) {
                String why = "this daemon's incremental reconcile ran for more than " + FULL_RUN_PATIENCE_MINUTES
                        + " minutes";
                LOG.warn("full reconcile skipped: {}", why);
                return new JobOutcome("skipped", 0, 0, why);
            }
        } else if (!turns.tryLock(0, TimeUnit.SECONDS)) {
            // A timed tryLock honours fairness, so a full run waiting for the current incremental one goes first.
            return new JobOutcome("skipped", 0, 0, "a full reconcile of this daemon is running or due");
        }
        try {
            return runInTurn(conf, mode);
        } finally {
            turns.unlock();
        }
    }

    /** Whether a run waits for its turn behind one of this daemon's runs. */
    boolean hasWaitingRun() {
        return turns.hasQueuedThreads();
    }

    private JobOutcome runInTurn(GroupbridgeConfig conf, Mode mode) throws Exception {
        ReconcileReport report;
        try {
            // The daemon never overrides the failsafe: an unattended run that trips it waits for an administrator.
            report = cycles.forConf(conf).reconcile(new Reconciler.Options(mode, false, false),
                    Reconciler.Progress.NONE).report();
        } catch (LockHeldException e) {
            LOG.info("{} reconcile skipped: {}", mode.name().toLowerCase(java.util.Locale.ROOT), e.explanation());
            return new JobOutcome("skipped", 0, 0, e.explanation());
        } catch (MassRemovalException e) {
            LOG.error("{}", e.getMessage());
            return new JobOutcome("stopped", 0, 0, e.getMessage());
        } catch (SyncException e) {
            LOG.error("reconcile failed, the store is unchanged: {}", e.getMessage());
            return new JobOutcome("failed", 0, 0, e.getMessage());
        }
        int read = report.peopleRead() + report.groupsRead();
        if (!report.noChanges() || report.warningCount() > 0) {
            LOG.info("{} reconcile: read {} entries, {} changes, {} warnings in {} ms",
                    report.mode().name().toLowerCase(java.util.Locale.ROOT), read, report.changes(),
                    report.warningCount(), report.duration().toMillis());
        }
        if (report.mode() == mode) {
            return JobOutcome.succeeded(read, report.changes(), null);
        }
        String prefix = Reconciler.CHECKPOINT_WARNING + ": ";
        Optional<String> rejected = report.warnings().stream().filter(w -> w.startsWith(prefix))
                .map(w -> w.substring(prefix.length())).findFirst();
        rejected.ifPresent(why -> LOG.warn("incremental reconcile: {}", why));
        return JobOutcome.succeeded(read, report.changes(), rejected.orElse("no checkpoint yet: ran a full reconcile"));
    }
}
