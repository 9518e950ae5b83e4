package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.sync.ReconcileReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Reconcile (spec Y1, Y2): brings the store to match the directory. People first, so that by the time groups are
 * read every person DN a member value may point at is in the store.
 *
 * <p>A full run reads everything and marks what it did not see as gone. An incremental run reads only entries
 * changed since the checkpoint and applies them through the same path. An entry it did not see is merely
 * unchanged, so it removes only the entries the source reports deleted (content synchronisation does); other
 * deletions wait for the next full run. Without a checkpoint an incremental run is a
 * full one, and so is an incremental run whose checkpoint the directory rejects ({@link CheckpointRejectedException}):
 * its attempt rolls back and a full run follows under the same lease, with a warning that says why. Both store the
 * new checkpoint in the run's own transaction.
 *
 * <p>Memory holds the directory entry being processed plus, in a full run, one fingerprint per stored person and
 * group in primitive arrays ({@link FingerprintTable}); an incremental run looks up only the fingerprints of the
 * entries it read. An unchanged group costs a fingerprint comparison, taken over its values as read, without
 * mapping one ({@link GroupRead}); a changed one a read of its own stored owners and members.
 * The whole run is one store transaction (Y3); a dry run does the same work and rolls it back (Y4). Every run,
 * dry or not, holds the {@value #LOCK} lease (Y6), and a run that trips the {@link Failsafe} rolls back unless
 * told otherwise. The failsafe holds every removal, full or incremental: a full run's unseen entries, an incremental
 * run's reported deletions and any large group's lost members (issue 10, finding 3).
 */
public final class Reconciler {

    /** The lease every reconcile holds, whatever process runs it. */
    public static final String LOCK = "reconcile";
    /** The checkpoint an incremental run starts from. */
    public static final String CHECKPOINT = "directory";

    /**
     * The subject of the warning a full run carries when it stands in for an incremental one whose checkpoint the
     * directory rejected (see {@link CheckpointRejectedException}).
     */
    public static final String CHECKPOINT_WARNING = "checkpoint";

    private static final int FAILSAFE_REASONS_KEPT = 10;
    // Entries an incremental run reads before it looks up their stored fingerprints in one query.
    private static final int LOOKUP_BATCH = 500;

    /**
     * @param allowMassRemoval let a run through that the failsafe would stop; the reasons become warnings
     */
    public record Options(Mode mode, boolean dryRun, boolean allowMassRemoval) {
        public static Options full(boolean dryRun) {
            return new Options(Mode.FULL, dryRun, false);
        }
    }

    /** Receives counts while a run reads, for a progress line on a terminal. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (phase, count) -> { };

        void update(String phase, int count);
    }

    private final SnapshotSource source;
    private final ReconcileStore store;
    private final RunLock lock;
    private final Failsafe failsafe;
    private final Clock clock;
    private final int reportLimit;

    public Reconciler(SnapshotSource source, ReconcileStore store, RunLock lock, Failsafe failsafe, Clock clock,
            int reportLimit) {
        this.source = source;
        this.store = store;
        this.lock = lock;
        this.failsafe = failsafe;
        this.clock = clock;
        this.reportLimit = reportLimit;
    }

    /** Runs one full reconcile with the failsafe in force. */
    public ReconcileReport run(boolean dryRun, Progress progress) throws SyncException {
        return run(Options.full(dryRun), progress);
    }

    /**
     * Runs one reconcile.
     *
     * @throws LockHeldException when another reconcile holds the lease; nothing was read, changed or recorded
     * @throws MassRemovalException when the failsafe stopped the run; the store is unchanged and the stop is
     *     recorded as a failed run with the reasons
     * @throws EmptyDirectoryException when a full run read no people or no groups into a store without groups and
     *     the conf does not allow an empty directory; the store is unchanged and, unless the run was dry, a failed
     *     run is recorded. A dry run stops too: its plan would be empty, which answers nothing
     * @throws SyncException when the directory or the store failed; the store is unchanged and a failed run is
     *     recorded
     */
    public ReconcileReport run(Options options, Progress progress) throws SyncException {
        String purpose = (options.dryRun() ? "dry-run " : "") + options.mode().name().toLowerCase(Locale.ROOT)
                + " reconcile";
        try (RunLock.Lease lease = lock.acquire(LOCK, purpose)) {
            try {
                return attempt(options, progress, lease, null);
            } catch (CheckpointRejectedException e) {
                if (options.mode() != Mode.INCREMENTAL) {
                    throw e;
                }
                // The incremental attempt rolled back whole; a full run needs no checkpoint and replaces it.
                return attempt(new Options(Mode.FULL, options.dryRun(), options.allowMassRemoval()), progress, lease,
                        e.getMessage());
            }
        }
    }

    /** @param fallbackReason why an incremental run became this full one; null when it did not */
    private ReconcileReport attempt(Options options, Progress progress, RunLock.Lease lease, String fallbackReason)
            throws SyncException {
        Run run = new Run(UUID.randomUUID().toString(), options, clock.instant(), progress);
        try (MDC.MDCCloseable logged = MDC.putCloseable("run", run.id)) {
            return attempt(run, options, lease, fallbackReason);
        }
    }

    private ReconcileReport attempt(Run run, Options options, RunLock.Lease lease, String fallbackReason)
            throws SyncException {
        if (fallbackReason != null) {
            run.warnings.add(CHECKPOINT_WARNING, fallbackReason + "; ran a full reconcile instead");
        }
        try {
            return store.inRun(!options.dryRun(), session -> run.execute(session, lease));
        } catch (CheckpointRejectedException e) {
            if (options.mode() == Mode.INCREMENTAL) {
                throw e;
            }
            recordFailure(run, options, e);
            throw e;
        } catch (SyncException | RuntimeException e) {
            recordFailure(run, options, e);
            throw e;
        }
    }

    private void recordFailure(Run run, Options options, Exception e) {
        if (!options.dryRun()) {
            store.recordFailedRun(run.report(Outcome.FAILED, String.valueOf(e.getMessage())));
        }
    }

    /** The state of one run; discarded when it ends. */
    private final class Run {
        private final String id;
        private final Options options;
        private final Instant startedAt;
        private final Progress progress;
        private final ReconcileWarnings warnings = new ReconcileWarnings(reportLimit);
        private final List<GroupChange> changes = new ArrayList<>();
        private final List<String> failsafeReasons = new ArrayList<>();
        private Mode mode;
        private int failsafeTrips;
        // Removed by the runs of the failsafe's window before this one.
        private ReconcileStore.Removals earlier = ReconcileStore.Removals.NONE;
        // Active groups in the store when the run began: none means the removal limits protect nothing.
        private int storedGroups;
        private int peopleRead;
        private int groupsRead;
        private int peopleAdded;
        private int peopleChanged;
        private int peopleRemoved;
        private int groupsAdded;
        private int groupsChanged;
        private int groupsDeleted;
        private int ownersAdded;
        private int ownersRemoved;
        private int membersAdded;
        private int membersRemoved;
        private int requestsCancelled;

        Run(String id, Options options, Instant startedAt, Progress progress) {
            this.id = id;
            this.options = options;
            this.mode = options.mode();
            this.startedAt = startedAt;
            this.progress = progress;
        }

        ReconcileReport execute(ReconcileStore.Session session, RunLock.Lease lease) throws SyncException {
            Optional<ChangeMark> checkpoint = session.checkpoint(CHECKPOINT);
            if (checkpoint.isEmpty()) {
                mode = Mode.FULL;
            }
            ReadWindow window = mode == Mode.INCREMENTAL ? ReadWindow.changedSince(checkpoint.get()) : ReadWindow.all();
            earlier = failsafe.countsEarlierRuns()
                    ? session.removedSince(startedAt.minus(failsafe.removalWindow()))
                    : ReconcileStore.Removals.NONE;
            reconcilePeople(session, window);
            reconcileGroups(session, window);
            Instant readEnded = clock.instant();
            if (mode == Mode.FULL) {
                Optional<String> empty = failsafe.emptyRead(storedGroups, peopleRead, groupsRead);
                if (empty.isPresent()) {
                    throw new EmptyDirectoryException(empty.get(), source.origin());
                }
            }
            int danglingCount = session.refreshDanglingMembers(id);
            List<ReconcileStore.DanglingMember> dangling = session.danglingMembers(reportLimit);
            for (ReconcileStore.DanglingMember d : dangling) {
                warnings.add(d.groupDn(), "member " + d.memberDn() + " points at no entry");
            }
            warnings.addCountOnly(danglingCount - dangling.size());
            applyFailsafe();
            Optional<ChangeMark> next = window.nextCheckpoint(checkpoint, mode == Mode.FULL, startedAt, readEnded);
            if (next.isPresent()) {
                session.saveCheckpoint(CHECKPOINT, next.get(), id);
            }
            ReconcileReport report = report(Outcome.SUCCEEDED, null);
            session.recordRun(report, options.allowMassRemoval() && failsafeTrips > 0);
            session.flush();
            lease.verify();
            return report;
        }

        private void tripped(Optional<String> reason) {
            reason.ifPresent(r -> {
                failsafeTrips++;
                if (failsafeReasons.size() < FAILSAFE_REASONS_KEPT) {
                    failsafeReasons.add(r);
                }
            });
        }

        private void applyFailsafe() throws MassRemovalException {
            if (failsafeTrips == 0) {
                return;
            }
            List<String> reasons = new ArrayList<>(failsafeReasons);
            if (failsafeTrips > reasons.size()) {
                reasons.add("and " + (failsafeTrips - reasons.size()) + " more large groups");
            }
            if (options.allowMassRemoval()) {
                reasons.forEach(r -> warnings.add("failsafe", "overridden by --allow-mass-removal: " + r));
            } else if (options.dryRun()) {
                reasons.forEach(r -> warnings.add("failsafe", "a real run would stop here: " + r));
            } else {
                throw new MassRemovalException(reasons);
            }
        }

        private void reconcilePeople(ReconcileStore.Session session, ReadWindow window) throws SyncException {
            if (mode == Mode.INCREMENTAL) {
                reconcileChangedPeople(session, window);
                return;
            }
            FingerprintTable stored = new FingerprintTable();
            session.personFingerprints(stored::put);
            int storedCount = stored.size();
            source.readPeople(person -> applyPerson(session, stored, person), warnings, window);
            Set<String> unseen = new HashSet<>();
            stored.forEachUntaken(true, unseen::add);
            tripped(failsafe.entries("people", storedCount, peopleRead, unseen.size(), earlier.people()));
            removePeople(session, unseen);
            progress.update("people", peopleRead);
        }

        /**
         * An incremental run looks up the stored fingerprints of the people it read, a batch at a time, instead of
         * loading every one: its cost follows the changes, not the directory (issue 13, point 5).
         */
        private void reconcileChangedPeople(ReconcileStore.Session session, ReadWindow window) throws SyncException {
            int storedCount = session.personCount();
            Set<String> seen = new HashSet<>();
            ByIdLookUp<DirectoryPerson> lookUp = new ByIdLookUp<>(DirectoryPerson::id, session::personFingerprints,
                    (stored, person) -> applyPerson(session, stored, person), seen);
            source.readPeople(lookUp, warnings, window);
            lookUp.flush();
            Set<String> gone = storedAmong(window.deletedIds(ReadWindow.Entries.PEOPLE), seen, session::personFingerprints);
            tripped(failsafe.removals("people", storedCount, gone.size(), earlier.people()));
            removePeople(session, gone);
            progress.update("people", peopleRead);
        }

        private void applyPerson(ReconcileStore.Session session, FingerprintTable stored, DirectoryPerson person) {
            peopleRead++;
            int slot = stored.take(person.id());
            if (slot < 0) {
                session.insertPerson(person);
                peopleAdded++;
            } else if (stored.fingerprint(slot) != person.fingerprint()) {
                session.updatePerson(person);
                peopleChanged++;
            }
            if (peopleRead % 1000 == 0) {
                progress.update("people", peopleRead);
            }
        }

        private void removePeople(ReconcileStore.Session session, Set<String> ids) {
            if (!ids.isEmpty()) {
                List<String> removedDns = session.deletePeople(ids);
                peopleRemoved += removedDns.size();
                requestsCancelled += session.cancelPendingRequestsOfRequesters(removedDns, "requester deleted");
            }
        }

        /**
         * The reported deletions the store holds, active ones only for groups: an entry read in this run again
         * exists, whatever was reported.
         */
        private static Set<String> storedAmong(Set<String> reported, Set<String> seen,
                BiConsumer<Collection<String>, ReconcileStore.StoredFingerprints> lookUp) {
            List<String> candidates = new ArrayList<>(reported);
            candidates.removeAll(seen);
            Set<String> gone = new HashSet<>();
            if (!candidates.isEmpty()) {
                lookUp.accept(candidates, (id, fingerprint, deleted) -> {
                    if (!deleted) {
                        gone.add(id);
                    }
                });
            }
            return gone;
        }

        private void reconcileGroups(ReconcileStore.Session session, ReadWindow window) throws SyncException {
            if (mode == Mode.INCREMENTAL) {
                reconcileChangedGroups(session, window);
                return;
            }
            FingerprintTable stored = new FingerprintTable();
            session.groupFingerprints(stored::put);
            int activeCount = stored.activeCount();
            storedGroups = activeCount;
            source.readGroups(group -> applyGroup(session, stored, group), warnings, window);
            if (groupsAdded > 0) {
                session.keepCreatorsPolicies(id);
            }
            Set<String> vanished = new HashSet<>();
            stored.forEachUntaken(false, vanished::add);
            tripped(failsafe.entries("groups", activeCount, groupsRead, vanished.size(), earlier.groups()));
            removeGroups(session, vanished);
            progress.update("groups", groupsRead);
        }

        /** As {@link #reconcileChangedPeople}, for groups. */
        private void reconcileChangedGroups(ReconcileStore.Session session, ReadWindow window) throws SyncException {
            int activeCount = session.activeGroupCount();
            storedGroups = activeCount;
            Set<String> seen = new HashSet<>();
            ByIdLookUp<GroupRead> lookUp = new ByIdLookUp<>(GroupRead::id, session::groupFingerprints,
                    (stored, group) -> applyGroup(session, stored, group), seen);
            source.readGroups(lookUp, warnings, window);
            lookUp.flush();
            if (groupsAdded > 0) {
                session.keepCreatorsPolicies(id);
            }
            Set<String> gone = storedAmong(window.deletedIds(ReadWindow.Entries.GROUPS), seen, session::groupFingerprints);
            tripped(failsafe.removals("groups", activeCount, gone.size(), earlier.groups()));
            removeGroups(session, gone);
            progress.update("groups", groupsRead);
        }

        /**
         * A group whose fingerprint as read equals the stored one costs nothing more; otherwise its values are
         * mapped, and a group that maps to what the store holds (its dropped values made the difference) is
         * still unchanged.
         */
        private void applyGroup(ReconcileStore.Session session, FingerprintTable stored, GroupRead read) {
            groupsRead++;
            int slot = stored.take(read.id());
            if (slot < 0) {
                addGroup(session, read.group());
            } else if (stored.deleted(slot) || stored.fingerprint(slot) != read.fingerprint()) {
                DirectoryGroup group = read.group();
                if (stored.deleted(slot) || stored.fingerprint(slot) != group.fingerprint()) {
                    changeGroup(session, group);
                }
            }
            if (groupsRead % 100 == 0) {
                progress.update("groups", groupsRead);
            }
        }

        private void removeGroups(ReconcileStore.Session session, Set<String> vanished) {
            if (!vanished.isEmpty()) {
                requestsCancelled += session.cancelPendingRequestsOfGroups(vanished, "group deleted");
                for (GroupSummary g : session.markGroupsDeleted(vanished)) {
                    groupsDeleted++;
                    keep(new GroupChange(GroupChange.Type.DELETED, g, 0, 0, 0, 0));
                }
            }
        }

        private void addGroup(ReconcileStore.Session session, DirectoryGroup group) {
            String policy = session.insertGroup(group, id);
            session.addOwners(group.id(), group.owners());
            session.addMembers(group.id(), group.members());
            groupsAdded++;
            ownersAdded += group.owners().size();
            membersAdded += group.members().size();
            if (changes.size() < reportLimit) {
                keep(new GroupChange(GroupChange.Type.ADDED, GroupSummary.of(group, policy), group.owners().size(),
                        0, group.members().size(), 0));
            }
        }

        private void changeGroup(ReconcileStore.Session session, DirectoryGroup group) {
            String policy = session.updateGroup(group, id);
            Diff owners = Diff.of(session.ownersOf(group.id()), group.owners());
            Set<String> storedMembers = session.membersOf(group.id());
            Diff members = Diff.of(storedMembers, group.members());
            tripped(failsafe.members(group.dn().written(), storedMembers.size(), members.removed().size()));
            session.removeOwners(group.id(), owners.removed());
            session.addOwners(group.id(), owners.added());
            session.removeMembers(group.id(), members.removed());
            session.addMembers(group.id(), members.added());
            groupsChanged++;
            ownersAdded += owners.added().size();
            ownersRemoved += owners.removed().size();
            membersAdded += members.added().size();
            membersRemoved += members.removed().size();
            if (changes.size() < reportLimit) {
                keep(new GroupChange(GroupChange.Type.CHANGED, GroupSummary.of(group, policy), owners.added().size(),
                        owners.removed().size(), members.added().size(), members.removed().size()));
            }
        }

        private void keep(GroupChange change) {
            if (changes.size() < reportLimit) {
                changes.add(change);
            }
        }

        ReconcileReport report(Outcome outcome, String error) {
            return new ReconcileReport(id, mode, options.dryRun(), outcome, startedAt,
                    Duration.between(startedAt, clock.instant()),
                    peopleRead, groupsRead, peopleAdded, peopleChanged, peopleRemoved, groupsAdded, groupsChanged,
                    groupsDeleted, ownersAdded, ownersRemoved, membersAdded, membersRemoved, requestsCancelled,
                    changes, warnings.count(), warnings.kept(), error);
        }
    }

    /**
     * Entries an incremental run read, handed on {@value #LOOKUP_BATCH} at a time with the stored fingerprints of
     * just those ids, looked up in one query.
     */
    private static final class ByIdLookUp<T> implements Consumer<T> {
        private final Function<T, String> idOf;
        private final BiConsumer<Collection<String>, ReconcileStore.StoredFingerprints> lookUp;
        private final BiConsumer<FingerprintTable, T> apply;
        private final Set<String> seen;
        private final List<T> read = new ArrayList<>();

        ByIdLookUp(Function<T, String> idOf, BiConsumer<Collection<String>, ReconcileStore.StoredFingerprints> lookUp,
                BiConsumer<FingerprintTable, T> apply, Set<String> seen) {
            this.idOf = idOf;
            this.lookUp = lookUp;
            this.apply = apply;
            this.seen = seen;
        }

        @Override
        public void accept(T entry) {
            read.add(entry);
            if (read.size() == LOOKUP_BATCH) {
                flush();
            }
        }

        void flush() {
            if (read.isEmpty()) {
                return;
            }
            FingerprintTable stored = new FingerprintTable();
            lookUp.accept(read.stream().map(idOf).toList(), stored::put);
            for (T entry : read) {
                seen.add(idOf.apply(entry));
                apply.accept(stored, entry);
            }
            read.clear();
        }
    }

    /** The values to add and remove to turn the stored set into the directory's list. */
    private record Diff(List<Dn> added, Set<String> removed) {
        static Diff of(Set<String> stored, List<Dn> directory) {
            Set<String> removed = new HashSet<>(stored);
            List<Dn> added = new ArrayList<>();
            for (Dn ref : directory) {
                if (!removed.remove(ref.normalized()) && !stored.contains(ref.normalized())) {
                    added.add(ref);
                }
            }
            return new Diff(added, removed);
        }
    }
}
