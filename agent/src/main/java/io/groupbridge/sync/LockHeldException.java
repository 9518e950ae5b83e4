package io.groupbridge.sync;

/** A run did not start because another process holds the lease (spec Y6). Nothing was read or changed. */
public final class LockHeldException extends SyncException {

    private static final long serialVersionUID = 1L;

    private final transient RunLock.Holder holder;

    public LockHeldException(String what, RunLock.Holder holder) {
        super("lock", "another " + what + " holds the lock since " + holder.acquiredAt() + " (holder "
                + holder.holder() + "); it expires at " + holder.expiresAt() + " unless renewed", null);
        this.holder = holder;
    }

    public RunLock.Holder holder() {
        return holder;
    }

    /** The message without the phase, for a command-line error line. */
    public String explanation() {
        return getMessage().substring("lock: ".length());
    }
}
