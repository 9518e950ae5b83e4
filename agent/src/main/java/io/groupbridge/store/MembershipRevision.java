package io.groupbridge.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts this process's commits that may have changed which active groups hold whom: a reconcile's, and the
 * write-back's when it applies confirmed changes to the store's copy of the directory. Whoever keeps what it read of
 * memberships (the actors of signed-in people) reads the count before reading them and reads again while the count
 * stays the same. One per {@link GroupStore}; another process's commits are not counted, so a reader bounds its
 * trust by time as well.
 */
final class MembershipRevision {

    private final AtomicLong commits = new AtomicLong();

    long current() {
        return commits.get();
    }

    void committed() {
        commits.incrementAndGet();
    }
}
