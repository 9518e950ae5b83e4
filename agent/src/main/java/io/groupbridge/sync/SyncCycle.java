package io.groupbridge.sync;

import java.util.List;
import java.util.Objects;

/**
 * The sync use case: reconcile the directory into the store, record the drift that reveals, write the outbox back
 * (spec Y1-Y6, W1-W5). {@code groupbridge reconcile} runs the three steps in a row; the daemon runs the first two as
 * its reconcile jobs and the third as its write-back job, each on its own schedule. Either way drift is recorded
 * right after every committed reconcile, since that is what makes the store follow the directory, and before the
 * next write-back, so a value someone removed in the directory is audited once and never written again (W5).
 *
 * <p>Built for one conf: the daemon builds one per cycle from the conf in force, so both steps follow a live edit
 * (spec C3). One step at a time per instance; not thread-safe.
 */
public final class SyncCycle {

    private final Reconciler reconciler;
    private final OutboxRelay relay;

    public SyncCycle(Reconciler reconciler, OutboxRelay relay) {
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.relay = Objects.requireNonNull(relay, "relay");
    }

    /**
     * One reconcile, then, unless it was a dry run, the audit of values written back that the directory lost since
     * (W5). A run that throws changed nothing, so there is no drift to record.
     *
     * @throws LockHeldException when another reconcile holds the lease
     * @throws MassRemovalException when the failsafe stopped the run
     * @throws SyncException when the directory or the store failed; the store is unchanged
     * @see Reconciler#run(Reconciler.Options, Reconciler.Progress)
     */
    public Reconciled reconcile(Reconciler.Options options, Reconciler.Progress progress) throws SyncException {
        ReconcileReport report = reconciler.run(options, progress);
        List<Outbox.Drift> drift = report.dryRun() ? List.of() : relay.recordDrift();
        return new Reconciled(report, drift);
    }

    /** Sends every due outbox row once (W1-W4); a directory failure is recorded on the rows, never thrown. */
    public WriteBackReport writeBack() {
        return relay.run();
    }

    /** The directory operations {@link #writeBack()} would send now, as LDIF change records; sends nothing (Y4). */
    public List<String> writeBackPlan() {
        return relay.plan();
    }

    /**
     * What a reconcile step did.
     *
     * @param drift the written values it found removed in the directory by someone else, now audited; empty for a
     *              dry run
     */
    public record Reconciled(ReconcileReport report, List<Outbox.Drift> drift) {

        public Reconciled {
            Objects.requireNonNull(report, "report");
            drift = List.copyOf(drift);
        }
    }
}
