package io.groupbridge.sync;

import java.util.Optional;

/**
 * Writes outbox changes to the directory. Every write is idempotent (spec W2): adding a value that is there or
 * removing one that is gone succeeds, and deleting an entry that is gone succeeds, so a try repeated after a crash
 * changes nothing more.
 */
public interface MembershipWriter {

    /**
     * A connection for one relay run; what the server supports is asked once, here.
     *
     * @throws WriteBackException when the directory cannot be reached
     */
    Session open() throws WriteBackException;

    /** The operation as an LDIF change record, for a dry run; no connection is used. */
    String describe(WriteStep step);

    /** The directory's normalized form of a DN, the identity the store compares values by; empty if not a DN. */
    Optional<String> normalize(String dn);

    /** One connection's worth of writes. Not thread-safe. */
    interface Session extends AutoCloseable {

        /**
         * Applies every change of one group.
         *
         * @return how many modify operations were sent: 1, or one per value when the server has no permissive
         *     modify and refused the batch because one value was already there or already gone
         * @throws WriteBackException when the directory refused or could not be reached; nothing is known to be
         *     applied
         */
        int modify(WriteStep.Modify step) throws WriteBackException;

        /**
         * Adds the group entry, then reads it back.
         *
         * @return the entry as the directory holds it, mapped as a reconcile would map it
         * @throws WriteBackException not retryable when the DN exists already (refused before anything is written)
         *     or is outside the configured group base
         */
        DirectoryGroup create(WriteStep.Create step) throws WriteBackException;

        /** Replaces the description, or removes it; setting the value the entry has already changes nothing. */
        void setDescription(WriteStep.SetDescription step) throws WriteBackException;

        /**
         * Renames the group entry; a repeated try whose entry already is at the new DN (same entry id) changes
         * nothing.
         *
         * @return the DN the entry has now, in the directory's spelling
         * @throws WriteBackException not retryable when another entry holds the new DN (nothing is changed), or the
         *     entry is gone
         */
        String rename(WriteStep.Rename step) throws WriteBackException;

        void delete(WriteStep.Delete step) throws WriteBackException;

        @Override
        void close();
    }
}
