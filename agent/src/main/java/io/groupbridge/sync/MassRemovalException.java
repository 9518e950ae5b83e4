package io.groupbridge.sync;

import java.util.List;

/**
 * The failsafe stopped a run before it changed anything (issue 5, point 8): it would have removed more than the
 * conf allows. The store is as it was; the reasons say what the run would have removed.
 */
public final class MassRemovalException extends SyncException {

    private static final long serialVersionUID = 1L;

    private final List<String> reasons;

    public MassRemovalException(List<String> reasons) {
        super("failsafe", "stopped before changing anything: " + String.join("; ", reasons)
                + ". If the directory really lost these entries, run groupbridge reconcile --allow-mass-removal once,"
                + " or raise reconcile.maxRemovalShare (1 switches the failsafe off)", null);
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
