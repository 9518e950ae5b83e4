package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import io.groupbridge.model.JoinPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reconcile store port in memory, for use-case tests that need neither SQL nor a database (issue 11, point 6).
 * A run works on a copy of the state and replaces it only when it commits, as the one transaction per run does.
 */
final class InMemoryReconcileStore implements ReconcileStore {

    /** A stored group: the directory's fields, the store's policy, whether deleted, its owners and members. */
    record Stored(DirectoryGroup group, String policy, boolean deleted, Map<String, Dn> owners,
            Map<String, Dn> members) {
        Stored copy() {
            return new Stored(group, policy, deleted, new LinkedHashMap<>(owners), new LinkedHashMap<>(members));
        }
    }

    /** Everything the store holds; copied whole at the start of a run. */
    static final class State {
        final Map<String, DirectoryPerson> people = new TreeMap<>();
        final Map<String, Stored> groups = new TreeMap<>();
        final Map<String, ChangeMark> checkpoints = new HashMap<>();
        final List<ReconcileReport> runs = new ArrayList<>();
        final Set<String> overriddenRuns = new HashSet<>();
        // Pending join requests, counted by the group id or the requester's normalized DN they belong to.
        final Map<String, Integer> pendingRequests = new HashMap<>();
        final List<String> creatorsPoliciesKeptBy = new ArrayList<>();
        int dangling;
        int flushes;
        // Loads of every stored fingerprint, which an incremental run must not make (issue 13, point 5).
        int fullFingerprintLoads;

        State copy() {
            State c = new State();
            c.people.putAll(people);
            groups.forEach((id, g) -> c.groups.put(id, g.copy()));
            c.checkpoints.putAll(checkpoints);
            c.runs.addAll(runs);
            c.overriddenRuns.addAll(overriddenRuns);
            c.pendingRequests.putAll(pendingRequests);
            c.creatorsPoliciesKeptBy.addAll(creatorsPoliciesKeptBy);
            c.dangling = dangling;
            c.flushes = flushes;
            c.fullFingerprintLoads = fullFingerprintLoads;
            return c;
        }
    }

    private State state = new State();
    private final List<ReconcileReport> failedRuns = new ArrayList<>();

    State state() {
        return state;
    }

    List<ReconcileReport> failedRuns() {
        return List.copyOf(failedRuns);
    }

    @Override
    public <R> R inRun(boolean commit, RunWork<R> work) throws SyncException {
        State working = state.copy();
        R result = work.apply(new InMemorySession(working));
        if (commit) {
            state = working;
        }
        return result;
    }

    @Override
    public void recordFailedRun(ReconcileReport report) {
        failedRuns.add(report);
    }

    private static final class InMemorySession implements Session {
        private final State s;

        InMemorySession(State s) {
            this.s = s;
        }

        @Override
        public void personFingerprints(StoredFingerprints sink) {
            s.fullFingerprintLoads++;
            s.people.forEach((id, p) -> sink.accept(id, p.fingerprint(), false));
        }

        @Override
        public void personFingerprints(Collection<String> ids, StoredFingerprints sink) {
            s.people.forEach((id, p) -> {
                if (ids.contains(id)) {
                    sink.accept(id, p.fingerprint(), false);
                }
            });
        }

        @Override
        public void groupFingerprints(StoredFingerprints sink) {
            s.fullFingerprintLoads++;
            s.groups.forEach((id, g) -> sink.accept(id, g.group().fingerprint(), g.deleted()));
        }

        @Override
        public void groupFingerprints(Collection<String> ids, StoredFingerprints sink) {
            s.groups.forEach((id, g) -> {
                if (ids.contains(id)) {
                    sink.accept(id, g.group().fingerprint(), g.deleted());
                }
            });
        }

        @Override
        public int personCount() {
            return s.people.size();
        }

        @Override
        public int activeGroupCount() {
            return (int) s.groups.values().stream().filter(g -> !g.deleted()).count();
        }

        @Override
        public void insertPerson(DirectoryPerson person) {
            s.people.put(person.id(), person);
        }

        @Override
        public void updatePerson(DirectoryPerson person) {
            s.people.put(person.id(), person);
        }

        @Override
        public List<String> deletePeople(Set<String> ids) {
            List<String> dns = new ArrayList<>();
            for (String id : ids) {
                DirectoryPerson gone = s.people.remove(id);
                if (gone != null) {
                    dns.add(gone.dn().normalized());
                }
            }
            return dns;
        }

        @Override
        public String insertGroup(DirectoryGroup group, String runId) {
            String policy = JoinPolicy.defaultFor(group.kind(), group.channel()).wireName();
            s.groups.put(group.id(), new Stored(group, policy, false, new LinkedHashMap<>(), new LinkedHashMap<>()));
            return policy;
        }

        @Override
        public int keepCreatorsPolicies(String runId) {
            s.creatorsPoliciesKeptBy.add(runId);
            return 0;
        }

        @Override
        public String updateGroup(DirectoryGroup group, String runId) {
            Stored before = s.groups.get(group.id());
            s.groups.put(group.id(), new Stored(group, before.policy(), false, before.owners(), before.members()));
            return before.policy();
        }

        @Override
        public Set<String> ownersOf(String groupId) {
            return Set.copyOf(s.groups.get(groupId).owners().keySet());
        }

        @Override
        public Set<String> membersOf(String groupId) {
            return Set.copyOf(s.groups.get(groupId).members().keySet());
        }

        @Override
        public void addOwners(String groupId, List<Dn> owners) {
            owners.forEach(o -> s.groups.get(groupId).owners().put(o.normalized(), o));
        }

        @Override
        public void removeOwners(String groupId, Set<String> normalizedDns) {
            s.groups.get(groupId).owners().keySet().removeAll(normalizedDns);
        }

        @Override
        public void addMembers(String groupId, List<Dn> members) {
            members.forEach(m -> s.groups.get(groupId).members().put(m.normalized(), m));
        }

        @Override
        public void removeMembers(String groupId, Set<String> normalizedDns) {
            s.groups.get(groupId).members().keySet().removeAll(normalizedDns);
        }

        @Override
        public List<GroupSummary> markGroupsDeleted(Set<String> ids) {
            List<GroupSummary> summaries = new ArrayList<>();
            for (String id : ids) {
                Stored g = s.groups.get(id);
                if (g != null && !g.deleted()) {
                    s.groups.put(id, new Stored(g.group(), g.policy(), true, g.owners(), g.members()));
                    summaries.add(GroupSummary.of(g.group(), g.policy()));
                }
            }
            return summaries;
        }

        @Override
        public int cancelPendingRequestsOfGroups(Set<String> groupIds, String reason) {
            return groupIds.stream().mapToInt(this::cancel).sum();
        }

        @Override
        public int cancelPendingRequestsOfRequesters(List<String> requesterNormalizedDns, String reason) {
            return requesterNormalizedDns.stream().mapToInt(this::cancel).sum();
        }

        private int cancel(String key) {
            Integer pending = s.pendingRequests.remove(key);
            return pending == null ? 0 : pending;
        }

        @Override
        public int refreshDanglingMembers(String runId) {
            Set<String> known = knownDns();
            s.dangling = (int) s.groups.values().stream().filter(g -> !g.deleted())
                    .flatMap(g -> g.members().keySet().stream()).filter(m -> !known.contains(m)).count();
            return s.dangling;
        }

        @Override
        public List<DanglingMember> danglingMembers(int limit) {
            Set<String> known = knownDns();
            return s.groups.values().stream().filter(g -> !g.deleted())
                    .flatMap(g -> g.members().values().stream().filter(m -> !known.contains(m.normalized()))
                            .map(m -> new DanglingMember(g.group().dn().written(), m.written())))
                    .sorted(Comparator.comparing(DanglingMember::groupDn).thenComparing(DanglingMember::memberDn))
                    .limit(limit).toList();
        }

        /** Normalized DNs of the stored people and active groups: what a member value may point at. */
        private Set<String> knownDns() {
            Set<String> known = new HashSet<>();
            s.people.values().forEach(p -> known.add(p.dn().normalized()));
            s.groups.values().stream().filter(g -> !g.deleted()).forEach(g -> known.add(g.group().dn().normalized()));
            return known;
        }

        @Override
        public void recordRun(ReconcileReport report, boolean failsafeOverridden) {
            s.runs.add(report);
            if (failsafeOverridden) {
                s.overriddenRuns.add(report.runId());
            }
        }

        @Override
        public Removals removedSince(Instant since) {
            int people = 0;
            int groups = 0;
            for (ReconcileReport r : s.runs) {
                if (s.overriddenRuns.contains(r.runId())) {
                    people = 0;
                    groups = 0;
                } else if (!r.startedAt().plus(r.duration()).isBefore(since)) {
                    people += r.peopleRemoved();
                    groups += r.groupsDeleted();
                }
            }
            return new Removals(people, groups);
        }

        @Override
        public Optional<ChangeMark> checkpoint(String name) {
            return Optional.ofNullable(s.checkpoints.get(name));
        }

        @Override
        public void saveCheckpoint(String name, ChangeMark value, String runId) {
            s.checkpoints.put(name, value);
        }

        @Override
        public void flush() {
            // Nothing is buffered, every write above is already in the run's state; counted so a test sees it asked.
            s.flushes++;
        }
    }
}
