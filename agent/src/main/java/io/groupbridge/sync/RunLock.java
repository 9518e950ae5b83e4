package io.groupbridge.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Named leases that keep runs of one kind from overlapping on one store, across processes and hosts (spec Y6).
 * A lease expires unless renewed, so a holder that crashed blocks the next run for at most one lease period.
 * Implementations are thread-safe.
 */
public interface RunLock {

    /**
     * Takes the lease, or fails at once: a second runner exits with the holder's name rather than queueing behind
     * a run that may last an hour.
     *
     * @param purpose what the holder does, shown to whoever finds the lease taken, e.g. {@code full reconcile}
     * @throws LockHeldException when another holder's lease has not expired
     */
    Lease acquire(String name, String purpose) throws LockHeldException;

    /** The current holder of the lease, expired or not, if any. */
    Optional<Holder> holder(String name);

    /** Who holds a lease, since when, and until when it counts unless renewed. */
    record Holder(String name, String holder, Instant acquiredAt, Instant expiresAt) {
    }

    /** A held lease, renewed in the background until closed. Closing releases it; closing twice does nothing. */
    interface Lease extends AutoCloseable {

        /**
         * Renews the lease now and fails if it was lost, which happens only when renewals stalled past the expiry
         * and another process took over. Call it right before committing, so a run that lost its lease rolls back.
         *
         * @throws SyncException in phase {@code lock} when the lease was lost
         */
        void verify() throws SyncException;

        @Override
        void close();
    }
}
