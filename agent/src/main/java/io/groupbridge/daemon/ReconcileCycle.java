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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconcile run as a daemon cycle: the lease and the failsafe decide whether it runs and commits, and a committed
 * run records the drift it revealed before the next write-back (spec W5).
 */
final class ReconcileCycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileCycle.class);

    private final SyncCycles cycles;

    ReconcileCycle(SyncCycles cycles) {
        this.cycles = cycles;
    }

    JobOutcome run(GroupbridgeConfig conf, Mode mode) throws Exception {
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
