package io.groupbridge.sync;

/**
 * A reconcile that could not complete. The message says which phase failed, on which object, and what to check;
 * the store is left as it was before the run (spec Y3).
 */
public class SyncException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String phase;

    public SyncException(String phase, String message, Throwable cause) {
        super(phase + ": " + message, cause);
        this.phase = phase;
    }

    /** Which part of the run failed: "read people", "read groups", "store". */
    public String phase() {
        return phase;
    }
}
