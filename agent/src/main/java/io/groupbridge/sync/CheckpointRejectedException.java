package io.groupbridge.sync;

/**
 * The directory cannot answer an incremental read from the stored checkpoint: it is behind it (restored from an
 * older backup, so its change numbers start again below the checkpoint) or it rejects the checkpoint outright (a
 * content-sync cookie answered with e-syncRefreshRequired). Reading changes since the checkpoint would miss or
 * fail on every run until a full one, so the {@link Reconciler} runs a full reconcile at once instead.
 */
public final class CheckpointRejectedException extends SyncException {

    private static final long serialVersionUID = 1L;

    public CheckpointRejectedException(String phase, String message, Throwable cause) {
        super(phase, message, cause);
    }
}
