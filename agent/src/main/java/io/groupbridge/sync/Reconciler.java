package io.groupbridge.sync;

import io.groupbridge.sync.ReconcileReport.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Full reconcile (spec Y1): brings the store to match the directory. People first, so that by the time groups are
 * read every person DN a member value may point at is in the store.
 *
 * <p>Memory holds the directory entry being processed plus one fingerprint per stored person and group; an
 * unchanged group costs a fingerprint comparison, a changed one a read of its own stored owners and members.
 * The whole run is one store transaction (Y3); a dry run does the same work and rolls it back (Y4).
 */
public final class Reconciler {

    /** Receives counts while a run reads, for a progress line on a terminal. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (phase, count) -> { };

        void update(String phase, int count);
    }

    private final SnapshotSource source;
    private final ReconcileStore store;
    private final Clock clock;
    private final int reportLimit;

    public Reconciler(SnapshotSource source, ReconcileStore store, Clock clock, int reportLimit) {
        this.source = source;
        this.store = store;
        this.clock = clock;
        this.reportLimit = reportLimit;
    }

    /**
     * Runs one full reconcile.
     *
     * @throws SyncException when the directory or the store failed; the store is unchanged and a failed run is
     *                       recorded
     */
    public ReconcileReport run(boolean dryRun, Progress progress) throws SyncException {
        Run run = new Run(UUID.randomUUID().toString(), dryRun, clock.instant(), progress);
        try {
            return store.inRun(!dryRun, run::execute);
        } catch (SyncException | RuntimeException e) {
            if (!dryRun) {
                store.recordFailedRun(run.report(Outcome.FAILED, String.valueOf(e.getMessage())));
            }
            throw e;
        }
    }

    /** The state of one run; discarded when it ends. */
    private final class Run {
        private final String id;
        private final boolean dryRun;
        private final Instant startedAt;
        private final Progress progress;
        private final ReconcileWarnings warnings = new ReconcileWarnings(reportLimit);
        private final List<GroupChange> changes = new ArrayList<>();
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

        Run(String id, boolean dryRun, Instant startedAt, Progress progress) {
            this.id = id;
            this.dryRun = dryRun;
            this.startedAt = startedAt;
            this.progress = progress;
        }

        ReconcileReport execute(ReconcileStore.Session session) throws SyncException {
            reconcilePeople(session);
            reconcileGroups(session);
            List<ReconcileStore.DanglingMember> dangling = session.danglingMembers(id, reportLimit);
            for (ReconcileStore.DanglingMember d : dangling) {
                warnings.add(d.groupDn(), "member " + d.memberDn() + " points at no entry");
            }
            if (dangling.size() == reportLimit) {
                warnings.addCountOnly(session.countDanglingMembers(id) - dangling.size());
            }
            ReconcileReport report = report(Outcome.SUCCEEDED, null);
            session.recordRun(report);
            session.flush();
            return report;
        }

        private void reconcilePeople(ReconcileStore.Session session) throws SyncException {
            Map<String, Long> stored = new HashMap<>(session.personFingerprints());
            source.readPeople(person -> {
                peopleRead++;
                Long fingerprint = stored.remove(person.id());
                if (fingerprint == null) {
                    session.insertPerson(person);
                    peopleAdded++;
                } else if (fingerprint != person.fingerprint()) {
                    session.updatePerson(person);
                    peopleChanged++;
                }
                if (peopleRead % 1000 == 0) {
                    progress.update("people", peopleRead);
                }
            }, warnings);
            if (!stored.isEmpty()) {
                List<String> removedDns = session.deletePeople(stored.keySet());
                peopleRemoved = removedDns.size();
                requestsCancelled += session.cancelPendingRequestsOfRequesters(removedDns, "requester deleted");
            }
            progress.update("people", peopleRead);
        }

        private void reconcileGroups(ReconcileStore.Session session) throws SyncException {
            Map<String, StoredGroupKey> stored = new HashMap<>(session.groupKeys());
            source.readGroups(group -> {
                groupsRead++;
                StoredGroupKey key = stored.remove(group.id());
                if (key == null) {
                    addGroup(session, group);
                } else if (key.deleted() || key.fingerprint() != group.fingerprint()) {
                    changeGroup(session, group);
                }
                if (groupsRead % 100 == 0) {
                    progress.update("groups", groupsRead);
                }
            }, warnings);
            Set<String> vanished = new HashSet<>();
            stored.forEach((id, key) -> {
                if (!key.deleted()) {
                    vanished.add(id);
                }
            });
            if (!vanished.isEmpty()) {
                requestsCancelled += session.cancelPendingRequestsOfGroups(vanished, "group deleted");
                for (GroupSummary g : session.markGroupsDeleted(vanished)) {
                    groupsDeleted++;
                    keep(new GroupChange(GroupChange.Type.DELETED, g, 0, 0, 0, 0));
                }
            }
            progress.update("groups", groupsRead);
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
            Diff members = Diff.of(session.membersOf(group.id()), group.members());
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
            return new ReconcileReport(id, dryRun, outcome, startedAt, Duration.between(startedAt, clock.instant()),
                    peopleRead, groupsRead, peopleAdded, peopleChanged, peopleRemoved, groupsAdded, groupsChanged,
                    groupsDeleted, ownersAdded, ownersRemoved, membersAdded, membersRemoved, requestsCancelled,
                    changes, warnings.count(), warnings.kept(), error);
        }
    }

    /** The values to add and remove to turn the stored set into the directory's list. */
    private record Diff(List<MemberRef> added, Set<String> removed) {
        static Diff of(Set<String> stored, List<MemberRef> directory) {
            Set<String> removed = new HashSet<>(stored);
            List<MemberRef> added = new ArrayList<>();
            for (MemberRef ref : directory) {
                if (!removed.remove(ref.normalized()) && !stored.contains(ref.normalized())) {
                    added.add(ref);
                }
            }
            return new Diff(added, removed);
        }
    }
}
