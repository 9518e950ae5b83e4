package io.groupbridge.store;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Set;

/**
 * What this process's commits changed in which active groups hold whom, for whoever keeps what it read of memberships
 * (the actors of signed-in people): a reconcile's commit may have changed anything; the write-back's confirmed
 * member values changed the memberships of those values only. A reader takes {@link #current} before it reads and
 * later asks {@link #unchangedSince} whether its reading still holds.
 *
 * <p>Another process's commits are not counted, so a reader bounds its trust by time as well. One per
 * {@link GroupStore}; thread-safe.
 */
final class MembershipRevision {

    // Enough for the values of minutes of write-backs; an older reading is simply read again.
    private static final int KEPT = 4096;

    private record Touched(long revision, String dnNorm) {
    }

    private final ArrayDeque<Touched> recent = new ArrayDeque<>();
    private long revision;
    private long anythingAt;
    // The newest revision whose values are no longer kept: a reading older than it cannot be checked.
    private long forgottenAt;

    synchronized long current() {
        return revision;
    }

    /** A commit that may have changed any membership: a reconcile, a group created, renamed or deleted. */
    synchronized void committed() {
        anythingAt = ++revision;
    }

    /** A commit that changed the memberships of these values (normalized DNs of people or groups) only. */
    synchronized void committed(Collection<String> valueDnNorms) {
        revision++;
        for (String dn : valueDnNorms) {
            if (recent.size() == KEPT) {
                forgottenAt = recent.removeFirst().revision();
            }
            recent.addLast(new Touched(revision, dn));
        }
    }

    /**
     * Whether no commit after {@code readAt} changed the memberships of {@code dnNorm} or of any group in
     * {@code groupDnNorms}: the groups it is in, nested ones included, and so everything its memberships follow from.
     */
    synchronized boolean unchangedSince(long readAt, String dnNorm, Set<String> groupDnNorms) {
        if (anythingAt > readAt || forgottenAt > readAt) {
            return false;
        }
        var newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext()) {
            Touched t = newestFirst.next();
            if (t.revision() <= readAt) {
                return true;
            }
            if (t.dnNorm().equals(dnNorm) || groupDnNorms.contains(t.dnNorm())) {
                return false;
            }
        }
        return true;
    }
}
