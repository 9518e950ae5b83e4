package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The store as a reconcile sees it. {@link #inRun} runs the whole reconcile in one store transaction, so a run that
 * fails part-way leaves the store exactly as it was (spec Y3), and a dry run is the same work rolled back (Y4).
 */
public interface ReconcileStore {

    <R> R inRun(boolean commit, RunWork<R> work) throws SyncException;

    void recordFailedRun(ReconcileReport report);

    @FunctionalInterface
    interface RunWork<R> {
        R apply(Session session) throws SyncException;
    }

    /**
     * One reconcile run's view of the store. Writes may be buffered and sent in batches; {@link #flush()} sends
     * what is buffered, and every query flushes first so it sees the run's own writes.
     */
    /** What earlier runs removed: people deleted and groups marked deleted. */
    record Removals(int people, int groups) {
        public static final Removals NONE = new Removals(0, 0);
    }

    interface Session {

        /** The fingerprint of every stored person ({@link Fingerprint#NONE} where the store has none). */
        void personFingerprints(StoredFingerprints sink);

        /**
         * The fingerprints of the stored people among {@code ids}, for an incremental run that looks up only the
         * entries it read (issue 13, point 5); ids the store does not hold are left out.
         */
        void personFingerprints(Collection<String> ids, StoredFingerprints sink);

        /**
         * The fingerprint and state of every stored group, deleted ones included (a group may come back); not the
         * groups self-service is still creating, which the directory does not hold yet.
         */
        void groupFingerprints(StoredFingerprints sink);

        /** As {@link #groupFingerprints(StoredFingerprints)}, of the groups among {@code ids}. */
        void groupFingerprints(Collection<String> ids, StoredFingerprints sink);

        /** How many people the store holds. */
        int personCount();

        /** How many active groups the store holds. */
        int activeGroupCount();

        void insertPerson(DirectoryPerson person);

        void updatePerson(DirectoryPerson person);

        /** Deletes people and returns their normalized DNs. */
        List<String> deletePeople(Set<String> ids);

        /** Inserts a new group with the default policy of its kind and channel (spec P table); returns that policy. */
        String insertGroup(DirectoryGroup group, String runId);

        /**
         * Gives the groups this run inserted that self-service is creating (a provisional row at the same DN whose
         * write-back has not committed yet) the policy their creator chose instead of the default, so that nobody
         * meets the group under a policy it never had between the two commits. Returns how many it changed.
         */
        int keepCreatorsPolicies(String runId);

        /**
         * Updates the group's entry fields and revives it if deleted; never its policy, which the store owns.
         * Returns the stored policy.
         */
        String updateGroup(DirectoryGroup group, String runId);

        /** Normalized DNs of the group's stored owners. */
        Set<String> ownersOf(String groupId);

        /** Normalized DNs of the group's stored members. */
        Set<String> membersOf(String groupId);

        void addOwners(String groupId, List<Dn> owners);

        void removeOwners(String groupId, Set<String> normalizedDns);

        void addMembers(String groupId, List<Dn> members);

        void removeMembers(String groupId, Set<String> normalizedDns);

        /** Marks groups deleted and returns a summary of each, for the report. */
        List<GroupSummary> markGroupsDeleted(Set<String> ids);

        /** Cancels pending join requests of these groups (spec R3), returns how many. */
        int cancelPendingRequestsOfGroups(Set<String> groupIds, String reason);

        /** Cancels pending join requests of these requesters (spec R3), returns how many. */
        int cancelPendingRequestsOfRequesters(List<String> requesterNormalizedDns, String reason);

        /**
         * Updates the stored member values that name neither a stored person nor an active stored group, after the
         * run's changes (its changed groups, and people and groups it deleted or renamed), and returns how many
         * there are in all: a bad value is counted on every run while the directory holds it (spec Y5), without
         * reading every membership.
         */
        int refreshDanglingMembers(String runId);

        /** The first {@code limit} stored dangling member values, by group DN and value. */
        List<DanglingMember> danglingMembers(int limit);

        /**
         * Records a committed run with what it removed.
         *
         * @param failsafeOverridden the run removed more than the failsafe allows because it was told to
         *     ({@code --allow-mass-removal}): earlier removals stop counting against the failsafe from here
         */
        void recordRun(ReconcileReport report, boolean failsafeOverridden);

        /**
         * People and groups removed by the committed runs that finished at or after {@code since}, not counting
         * runs before the last one whose failsafe was overridden (the failsafe's window, see {@link Failsafe}).
         */
        Removals removedSince(Instant since);

        /** The stored checkpoint of this name (spec Y2), read inside the run's transaction. */
        Optional<ChangeMark> checkpoint(String name);

        /** Stores the checkpoint in the run's transaction, so it commits or rolls back with the data it covers. */
        void saveCheckpoint(String name, ChangeMark value, String runId);

        void flush();
    }

    record DanglingMember(String groupDn, String memberDn) {
    }

    /** Receives stored fingerprints one at a time, so that none is boxed; people are never deleted. */
    @FunctionalInterface
    interface StoredFingerprints {
        void accept(String id, long fingerprint, boolean deleted);
    }
}
