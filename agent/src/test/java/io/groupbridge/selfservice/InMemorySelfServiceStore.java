package io.groupbridge.selfservice;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@link SelfServiceStore} and {@link ReviewStore} ports in memory, for use-case tests that must not depend on
 * SQL: it keeps what the Jdbi adapters keep (groups with their owners and members as the directory last held them,
 * people, blocks, join requests, the write-back outbox, the audit log, failed sign-ins, group lifetimes, access
 * reviews) with the same semantics the ports document. A transaction works on a copy of the state, which becomes
 * the state when the work returns and is dropped when it throws, so a refused or failed action leaves nothing
 * behind, as the real store's rollback does.
 *
 * <p>DNs are normalized with {@link FakeDirectoryNames}, the directory port's fake. Thread-safe (one transaction
 * at a time).
 */
final class InMemorySelfServiceStore implements SelfServiceStore, ReviewStore {

    /** One outbox row; {@code state} is {@code pending}, {@code failed} or {@code done}. */
    record OutboxRow(long id, OutboxItem item, Instant at, String state) {
    }

    private static final class State {
        final Map<String, StoredGroup> groups = new LinkedHashMap<>();
        final Map<String, String> provisionalIds = new HashMap<>();
        /** Old DN of a renamed group, normalized, to the groups renamed away from it. */
        final Map<String, List<String>> dnAliases = new HashMap<>();
        final Map<String, Set<String>> owners = new HashMap<>();
        final Map<String, LinkedHashMap<String, String>> members = new HashMap<>();
        final Map<String, Person> people = new LinkedHashMap<>();
        final Set<String> blocks = new HashSet<>();
        final Map<String, MembershipEnd> ends = new LinkedHashMap<>();
        final Set<String> reminded = new HashSet<>();
        final List<MailItem> mails = new ArrayList<>();
        final Map<Long, JoinRequest> requests = new LinkedHashMap<>();
        final List<OutboxRow> outbox = new ArrayList<>();
        final List<AuditRecord> audit = new ArrayList<>();
        /** Group expiration (spec E): when the policy first ran, and each group's dates and reminders. */
        Instant lifetimesStart;
        final Map<String, Instant> createdAt = new HashMap<>();
        final Map<String, Instant> renewedAt = new HashMap<>();
        final Map<String, List<Integer>> expiryReminders = new HashMap<>();
        final Map<String, GroupLifetimes.ExpiredGroup> expired = new LinkedHashMap<>();
        /** Access reviews (spec V), with their members in the order they were inserted. */
        final Map<Long, AccessReview> reviews = new LinkedHashMap<>();
        final List<ReviewItem> reviewItems = new ArrayList<>();
        /** V5: review id and reviewer to the days before the deadline each reminder went at. */
        final Map<String, List<Integer>> reviewReminders = new HashMap<>();
        long nextId = 1;

        State copy() {
            State c = new State();
            c.groups.putAll(groups);
            c.provisionalIds.putAll(provisionalIds);
            dnAliases.forEach((dn, ids) -> c.dnAliases.put(dn, new ArrayList<>(ids)));
            owners.forEach((g, o) -> c.owners.put(g, new LinkedHashSet<>(o)));
            members.forEach((g, m) -> c.members.put(g, new LinkedHashMap<>(m)));
            c.people.putAll(people);
            c.blocks.addAll(blocks);
            c.ends.putAll(ends);
            c.reminded.addAll(reminded);
            reviewReminders.forEach((k, days) -> c.reviewReminders.put(k, new ArrayList<>(days)));
            c.mails.addAll(mails);
            c.requests.putAll(requests);
            c.outbox.addAll(outbox);
            c.audit.addAll(audit);
            c.lifetimesStart = lifetimesStart;
            c.createdAt.putAll(createdAt);
            c.renewedAt.putAll(renewedAt);
            expiryReminders.forEach((k, days) -> c.expiryReminders.put(k, new ArrayList<>(days)));
            c.expired.putAll(expired);
            c.reviews.putAll(reviews);
            c.reviewItems.addAll(reviewItems);
            c.nextId = nextId;
            return c;
        }
    }

    /** The mail the actions queued (spec M3), oldest first. */
    public synchronized List<MailItem> mails() {
        return List.copyOf(state.mails);
    }

    private final FakeDirectoryNames names;
    private final Map<String, List<Instant>> failedSignIns = new HashMap<>();
    /** Requests another decision will have closed, in that state, by the time an action closes them (R1). */
    private final Map<Long, RequestState> decidedElsewhere = new HashMap<>();
    private State state = new State();
    private long revision;

    InMemorySelfServiceStore(FakeDirectoryNames names) {
        this.names = names;
    }

    // ---------------------------------------------------------------- seeding, as a reconcile would store it

    synchronized Person addPerson(String dn, String login) {
        Person p = new Person(new Dn(dn, names.normalized(dn)), login, login);
        state.people.put(p.dn().normalized(), p);
        return p;
    }

    /** An active group as the directory holds it, with its owners and members (people added before). */
    synchronized StoredGroup addGroup(String name, GroupKind kind, JoinPolicy policy, List<Person> owners,
            List<Person> members) {
        String dn = names.groupDn(name);
        StoredGroup g = new StoredGroup("id-" + state.nextId++, new Dn(dn, names.normalized(dn)), name, null, kind,
                false,
                false, false, Channel.API, policy, StoredGroup.ACTIVE);
        state.groups.put(g.id(), g);
        state.owners.put(g.id(), new LinkedHashSet<>(owners.stream().map(p -> p.dn().normalized()).toList()));
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        members.forEach(p -> m.put(p.dn().normalized(), p.dn().written()));
        state.members.put(g.id(), m);
        return g;
    }

    /** B3: the directory lists {@code inner}'s DN as a member of {@code outer}. */
    synchronized void nest(StoredGroup inner, StoredGroup outer) {
        state.members.get(outer.id()).put(inner.dn().normalized(), inner.dn().written());
    }

    synchronized List<OutboxRow> outbox() {
        return List.copyOf(state.outbox);
    }

    synchronized List<AuditRecord> auditLog() {
        return List.copyOf(state.audit);
    }

    synchronized Optional<StoredGroup> group(String id) {
        return Optional.ofNullable(state.groups.get(id));
    }

    /** What the write-back and the next reconcile make of the pending rows: the directory now holds them. */
    synchronized void writeBackAll() {
        List<OutboxRow> rows = new ArrayList<>();
        for (OutboxRow r : state.outbox) {
            if (!r.state().equals("pending")) {
                rows.add(r);
                continue;
            }
            OutboxItem i = r.item();
            String norm = i.valueDn() == null ? null : names.normalized(i.valueDn());
            switch (i.operation()) {
                case ADD_MEMBER -> state.members.get(i.groupId()).put(norm, i.valueDn());
                case REMOVE_MEMBER -> state.members.get(i.groupId()).remove(norm);
                case ADD_OWNER -> state.owners.get(i.groupId()).add(norm);
                case REMOVE_OWNER -> state.owners.get(i.groupId()).remove(norm);
                case DELETE_GROUP -> state.groups.computeIfPresent(i.groupId(), (k, g) -> withState(g,
                        StoredGroup.DELETED));
                case CREATE_GROUP -> state.groups.computeIfPresent(i.groupId(), (k, g) -> withState(g,
                        StoredGroup.ACTIVE));
                case RENAME_GROUP -> state.groups.computeIfPresent(i.groupId(), (k, g) -> {
                    String dn = names.renamedDn(g.dn().written(), i.payload());
                    state.dnAliases.computeIfAbsent(g.dn().normalized(), d -> new ArrayList<>()).add(g.id());
                    return new StoredGroup(g.id(), new Dn(dn, names.normalized(dn)), i.payload(), g.description(), g.kind(),
                            g.mailEnabled(), g.dynamic(), g.roleAssignable(), g.channel(), g.policy(), g.state());
                });
                default -> throw new IllegalStateException("no write-back for " + i.operation());
            }
            rows.add(new OutboxRow(r.id(), i, r.at(), "done"));
        }
        state.outbox.clear();
        state.outbox.addAll(rows);
    }

    /** What the relay does with a row the directory refused for good (W3): parks it as failed. */
    synchronized void park(long outboxId) {
        state.outbox.replaceAll(r -> r.id() == outboxId ? new OutboxRow(r.id(), r.item(), r.at(), PendingWrite.FAILED)
                : r);
    }

    /**
     * Another actor's decision on the request commits between an action's read of it and its update (R1): the
     * action's {@code closeRequest} finds it {@code winner} and fails.
     */
    synchronized void decidedElsewhereNext(long requestId, RequestState winner) {
        decidedElsewhere.put(requestId, winner);
    }

    private static StoredGroup withState(StoredGroup g, String s) {
        return new StoredGroup(g.id(), g.dn(), g.name(), g.description(), g.kind(), g.mailEnabled(),
                g.dynamic(), g.roleAssignable(), g.channel(), g.policy(), s);
    }

    // ---------------------------------------------------------------- the port

    @Override
    public synchronized <R> R inTransaction(Function<SelfServiceStore.Tx, R> work) {
        State working = state.copy();
        R result = work.apply(new MemoryTx(working));
        state = working;
        return result;
    }

    @Override
    public synchronized <R> R inTransaction(BiFunction<SelfServiceStore.Tx, ReviewStore.Tx, R> work) {
        State working = state.copy();
        R result = work.apply(new MemoryTx(working), new MemoryReviews(working));
        state = working;
        return result;
    }

    /** Never the same: tests change the fake's memberships directly, outside any transaction. */
    @Override
    public synchronized long membershipRevision() {
        return ++revision;
    }

    @Override
    public boolean membershipsUnchangedSince(long revision, String dnNorm, Set<String> groupDnNorms) {
        return false;
    }

    @Override
    public synchronized int recordFailedSignIn(String loginKey, Instant at) {
        List<Instant> failures = failedSignIns.computeIfAbsent(loginKey, k -> new ArrayList<>());
        failures.add(at);
        return failures.size();
    }

    @Override
    public synchronized int failedSignIns(String loginKey) {
        return failedSignIns.getOrDefault(loginKey, List.of()).size();
    }

    @Override
    public synchronized Optional<Instant> lastFailedSignIn(String loginKey) {
        List<Instant> failures = failedSignIns.getOrDefault(loginKey, List.of());
        return failures.isEmpty() ? Optional.empty() : Optional.of(failures.get(failures.size() - 1));
    }

    @Override
    public synchronized void clearFailedSignIns(String loginKey) {
        failedSignIns.remove(loginKey);
    }

    private final class MemoryTx implements SelfServiceStore.Tx {
        private final State s;

        MemoryTx(State s) {
            this.s = s;
        }

        @Override
        public String resolveGroupId(String id) {
            return id == null ? null : s.provisionalIds.getOrDefault(id, id);
        }

        @Override
        public Optional<StoredGroup> group(String id) {
            return Optional.ofNullable(s.groups.get(id));
        }

        @Override
        public List<StoredGroup> groupsNamedOrAt(String name, String dnNorm) {
            List<StoredGroup> found = s.groups.values().stream()
                    .filter(g -> name != null && g.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
                            || g.dn().normalized().equals(dnNorm))
                    .toList();
            // A created group's provisional row steps aside once the directory's entry for its DN is stored.
            return found.stream().filter(g -> !g.creating() || found.stream()
                    .noneMatch(o -> !o.creating() && !o.deleted()
                            && o.dn().normalized().equals(g.dn().normalized()))).toList();
        }

        @Override
        public List<StoredGroup> groupsWithDnLikeNames() {
            return s.groups.values().stream().filter(g -> !g.deleted() && g.name().contains("=")).toList();
        }

        @Override
        public Set<String> owners(String groupId) {
            return Set.copyOf(s.owners.getOrDefault(groupId, Set.of()));
        }

        @Override
        public List<Person> ownerPeople(String groupId) {
            return s.owners.getOrDefault(groupId, Set.of()).stream().map(s.people::get)
                    .filter(Objects::nonNull).toList();
        }

        @Override
        public boolean isMember(String groupId, String memberDnNorm) {
            return s.members.getOrDefault(groupId, new LinkedHashMap<>()).containsKey(memberDnNorm);
        }

        @Override
        public List<String> members(String groupId) {
            return List.copyOf(s.members.getOrDefault(groupId, new LinkedHashMap<>()).values());
        }

        @Override
        public List<String> members(String groupId, int offset, int limit) {
            return members(groupId).stream().skip(Math.max(0, offset)).limit(Math.max(1, limit)).toList();
        }

        @Override
        public EffectivePage effectiveMembers(String groupId, int offset, int limit) {
            // The Jdbi store's walk in memory: each active group at its least depth, at most ten levels down.
            Map<String, StoredGroup> byDn = new HashMap<>();
            s.groups.values().stream().filter(g -> StoredGroup.ACTIVE.equals(g.state()))
                    .forEach(g -> byDn.put(g.dn().normalized(), g));
            Map<String, Integer> depthOf = new LinkedHashMap<>();
            Set<String> frontier = Set.of(groupId);
            for (int depth = 1; depth <= 10 && !frontier.isEmpty(); depth++) {
                Set<String> next = new LinkedHashSet<>();
                for (String id : frontier) {
                    for (String value : s.members.getOrDefault(id, new LinkedHashMap<>()).keySet()) {
                        StoredGroup nested = byDn.get(value);
                        if (nested != null && !nested.id().equals(groupId) && !depthOf.containsKey(nested.id())) {
                            depthOf.put(nested.id(), depth);
                            next.add(nested.id());
                        }
                    }
                }
                frontier = next;
            }
            Map<String, EffectiveMember> found = new HashMap<>();
            Comparator<EffectiveMember> nearest = Comparator.comparingInt(EffectiveMember::depth)
                    .thenComparing(m -> m.via().name().toLowerCase(Locale.ROOT)).thenComparing(m -> m.via().id());
            depthOf.forEach((id, depth) -> s.members.getOrDefault(id, new LinkedHashMap<>()).forEach((norm, dn) -> {
                if (!isMember(groupId, norm) && s.groups.values().stream()
                        .noneMatch(g -> g.dn().normalized().equals(norm))) {
                    StoredGroup via = s.groups.get(id);
                    EffectiveMember m = new EffectiveMember(dn, new EffectiveMember.Via(id, via.name(),
                            via.dn().written()), depth);
                    found.merge(norm, m, (a, b) -> nearest.compare(a, b) <= 0 ? a : b);
                }
            }));
            return new EffectivePage(found.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .skip(Math.max(0, offset)).limit(Math.max(1, limit)).map(Map.Entry::getValue).toList(),
                    found.size());
        }

        @Override
        public List<PendingWrite> pendingWrites(String groupId) {
            return s.outbox.stream().filter(r -> r.item().groupId().equals(groupId) && !r.state().equals("done"))
                    .map(r -> new PendingWrite(r.id(), r.item().operation(), r.item().valueDn(), r.state(), r.at(),
                            r.item().operation() == OutboxOperation.RENAME_GROUP ? r.item().payload() : null))
                    .toList();
        }

        @Override
        public Optional<Person> person(String dnNorm) {
            return Optional.ofNullable(s.people.get(dnNorm));
        }

        @Override
        public List<Person> peopleMatching(String text, String dnNorm) {
            return s.people.values().stream().filter(p -> text.equalsIgnoreCase(p.login())
                    || p.dn().normalized().equals(dnNorm)).toList();
        }

        @Override
        public PersonPage searchPeople(String text, int offset, int limit) {
            String t = text.toLowerCase(Locale.ROOT);
            List<Person> found = s.people.values().stream()
                    .filter(p -> t.isEmpty() || p.login() != null && p.login().toLowerCase(Locale.ROOT).startsWith(t)
                            || p.name() != null && p.name().toLowerCase(Locale.ROOT).contains(t))
                    .sorted(Comparator.comparing(p -> p.login() == null ? "" : p.login())).toList();
            return new PersonPage(found.stream().skip(offset).limit(limit).toList(), found.size());
        }

        @Override
        public Set<String> groupsListing(Set<String> memberDnNorms) {
            Set<String> result = new LinkedHashSet<>();
            s.groups.values().stream().filter(g -> StoredGroup.ACTIVE.equals(g.state())).forEach(g -> {
                if (s.members.getOrDefault(g.id(), new LinkedHashMap<>()).keySet().stream()
                        .anyMatch(memberDnNorms::contains)) {
                    result.add(g.dn().normalized());
                }
            });
            return result;
        }

        @Override
        public List<StoredGroup> groupsInvolving(String personDnNorm, String personDn) {
            return s.groups.values().stream().filter(g -> !g.deleted())
                    .filter(g -> isMember(g.id(), personDnNorm) || owners(g.id()).contains(personDnNorm)
                            || pendingWrites(g.id()).stream().anyMatch(w -> w.valueDn() != null
                                    && names.normalized(w.valueDn()).equals(personDnNorm)))
                    .toList();
        }

        @Override
        public boolean nameQueued(String name, String exceptGroupId) {
            return s.outbox.stream().anyMatch(r -> !r.state().equals("done")
                    && r.item().operation() == OutboxOperation.RENAME_GROUP
                    && !r.item().groupId().equals(exceptGroupId)
                    && r.item().payload().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public List<String> groupsOnceAt(String dnNorm) {
            return List.copyOf(s.dnAliases.getOrDefault(dnNorm, List.of()));
        }

        @Override
        public boolean isBlocked(String groupId, String personDnNorm) {
            return s.blocks.contains(groupId + "\n" + personDnNorm);
        }

        @Override
        public void block(String groupId, Person person, String blockedBy, Instant at) {
            s.blocks.add(groupId + "\n" + person.dn().normalized());
        }

        @Override
        public void unblock(String groupId, String personDnNorm) {
            s.blocks.remove(groupId + "\n" + personDnNorm);
        }

        @Override
        public void setMembershipEnd(String groupId, Person member, Instant endsAt, String setBy, Instant at) {
            s.ends.put(groupId + "\n" + member.dn().normalized(), new MembershipEnd(groupId, member.dn().written(),
                    member.dn().normalized(), endsAt));
            s.reminded.remove(groupId + "\n" + member.dn().normalized());
        }

        @Override
        public boolean enqueueMail(MailItem item, Instant at) {
            s.mails.add(item);
            return true;
        }

        @Override
        public List<MembershipEnd> membershipEndsToRemind(Instant now, Instant by) {
            return s.ends.values().stream().filter(e -> e.endsAt().isAfter(now) && !e.endsAt().isAfter(by))
                    .filter(e -> !s.reminded.contains(e.groupId() + "\n" + e.memberDnNorm()))
                    .sorted(java.util.Comparator.comparing(MembershipEnd::endsAt)).toList();
        }

        @Override
        public void markEndReminded(String groupId, String memberDnNorm, Instant at) {
            s.reminded.add(groupId + "\n" + memberDnNorm);
        }

        @Override
        public void clearMembershipEnd(String groupId, String memberDnNorm) {
            s.ends.remove(groupId + "\n" + memberDnNorm);
        }

        @Override
        public Map<String, Instant> membershipEnds(String groupId) {
            Map<String, Instant> ends = new HashMap<>();
            s.ends.values().stream().filter(e -> e.groupId().equals(groupId))
                    .forEach(e -> ends.put(e.memberDnNorm(), e.endsAt()));
            return ends;
        }

        @Override
        public List<MembershipEnd> membershipsEndedBy(Instant now) {
            return s.ends.values().stream().filter(e -> !e.endsAt().isAfter(now))
                    .sorted(java.util.Comparator.comparing(MembershipEnd::endsAt)).toList();
        }

        @Override
        public GroupLifetimes lifetimes() {
            return new MemoryLifetimes(s);
        }

        @Override
        public void insertCreatingGroup(StoredGroup group, String description, List<Person> owners,
                List<Person> members, String createdBy, Instant at) {
            s.groups.put(group.id(), group);
            s.createdAt.put(group.id(), at);
            s.owners.put(group.id(), new LinkedHashSet<>(owners.stream().map(p -> p.dn().normalized()).toList()));
            LinkedHashMap<String, String> m = new LinkedHashMap<>();
            members.forEach(p -> m.put(p.dn().normalized(), p.dn().written()));
            s.members.put(group.id(), m);
        }

        @Override
        public void updateGroup(String groupId, String name, String description, JoinPolicy policy, Instant at) {
            StoredGroup g = s.groups.get(groupId);
            s.groups.put(groupId, new StoredGroup(g.id(), g.dn(), name, description, g.kind(),
                    g.mailEnabled(), g.dynamic(), g.roleAssignable(), g.channel(), policy, g.state()));
        }

        @Override
        public long insertRequest(String groupId, Person requester, String justification, Instant at) {
            long id = s.nextId++;
            StoredGroup g = s.groups.get(groupId);
            s.requests.put(id, new JoinRequest(id, groupId, g.dn().written(), g.name(), requester.dn(),
                    justification, RequestState.PENDING, at, null, null, null));
            return id;
        }

        @Override
        public long insertExtensionRequest(String groupId, Person requester, String justification, Instant extendTo,
                Instant at) {
            long id = insertRequest(groupId, requester, justification, at);
            JoinRequest r = s.requests.get(id);
            s.requests.put(id, new JoinRequest(r.id(), r.groupId(), r.groupDn(), r.groupName(), r.requester(),
                    r.justification(), r.state(), r.createdAt(), null, null, null, extendTo));
            return id;
        }

        @Override
        public Optional<JoinRequest> request(long id) {
            return Optional.ofNullable(s.requests.get(id));
        }

        @Override
        public Optional<JoinRequest> pendingRequest(String groupId, String requesterDnNorm) {
            return pendingRequests(groupId).stream().filter(r -> r.requester().normalized().equals(requesterDnNorm))
                    .findFirst();
        }

        @Override
        public List<JoinRequest> pendingRequests(String groupId) {
            return s.requests.values().stream().filter(r -> r.groupId().equals(groupId) && r.state().isOpen())
                    .toList();
        }

        @Override
        public List<JoinRequest> pendingRequestsCreatedBefore(Instant cutoff) {
            return s.requests.values().stream().filter(r -> r.state().isOpen() && r.createdAt().isBefore(cutoff))
                    .toList();
        }

        @Override
        public boolean closeRequest(long id, RequestState to, String decidedBy, Instant at, String reason,
                String settingsVersion) {
            JoinRequest r = s.requests.get(id);
            RequestState winner = decidedElsewhere.remove(id);
            if (winner != null && r != null) {
                s.requests.put(id, new JoinRequest(r.id(), r.groupId(), r.groupDn(), r.groupName(), r.requester(),
                        r.justification(), winner, r.createdAt(), "uid=someone else", at, null, r.extendTo()));
                return false;
            }
            if (r == null || !r.state().isOpen()) {
                return false;
            }
            s.requests.put(id, new JoinRequest(r.id(), r.groupId(), r.groupDn(), r.groupName(), r.requester(),
                    r.justification(), to, r.createdAt(), decidedBy, at, reason, r.extendTo()));
            return true;
        }

        @Override
        public List<JoinRequest> requests(RequestFilter filter) {
            return s.requests.values().stream()
                    .filter(r -> !filter.pendingOnly() || r.state().isOpen())
                    .filter(r -> {
                        boolean inGroups = filter.groupIds().contains(r.groupId());
                        boolean byRequester = r.requester().normalized().equals(filter.requesterDnNorm());
                        if (filter.anyOf()) {
                            return inGroups || byRequester;
                        }
                        return (filter.groupIds().isEmpty() || inGroups)
                                && (filter.requesterDnNorm() == null || byRequester);
                    })
                    .sorted(Comparator.comparingLong(JoinRequest::id).reversed()).toList();
        }

        @Override
        public long enqueue(OutboxItem item, Instant at) {
            long id = s.nextId++;
            s.outbox.add(new OutboxRow(id, item, at, "pending"));
            return id;
        }

        @Override
        public long audit(AuditRecord record) {
            long id = s.nextId++;
            s.audit.add(new AuditRecord(id, record.at(), record.actorDn(), record.action(), record.groupId(),
                    record.groupDn(), record.targetDn(), record.outcome(), record.rule(), record.detail(),
                    record.settingsVersion()));
            return id;
        }

        @Override
        public List<AuditRecord> auditEntries(AuditFilter filter) {
            return s.audit.stream()
                    .filter(a -> filter.groupId() == null || filter.groupId().equals(a.groupId()))
                    .filter(a -> filter.actorDn() == null || filter.actorDn().equals(a.actorDn()))
                    .filter(a -> filter.since() == null || !a.at().isBefore(filter.since()))
                    .sorted(Comparator.comparingLong(AuditRecord::id).reversed())
                    .limit(filter.limit()).toList();
        }
    }

    /**
     * The {@link GroupLifetimes} part of a transaction, as the Jdbi adapter keeps it: a group seeded with
     * {@link #addGroup} was first held at the epoch, so the policy's start is what its lifetime is measured from.
     */
    private static final class MemoryLifetimes implements GroupLifetimes {
        private final State s;

        MemoryLifetimes(State s) {
            this.s = s;
        }

        private ExpiringGroup expiring(StoredGroup g) {
            return new ExpiringGroup(g, s.createdAt.getOrDefault(g.id(), Instant.EPOCH),
                    Optional.ofNullable(s.renewedAt.get(g.id())), s.owners.getOrDefault(g.id(), Set.of()).size());
        }

        @Override
        public List<ExpiringGroup> groupsOfKinds(Set<GroupKind> kinds) {
            return s.groups.values().stream()
                    .filter(g -> StoredGroup.ACTIVE.equals(g.state()) && kinds.contains(g.kind()))
                    .filter(g -> !g.mailEnabled() && !g.dynamic() && !g.roleAssignable())
                    .sorted(Comparator.comparing(g -> g.dn().normalized())).map(this::expiring).toList();
        }

        @Override
        public int activeGroups() {
            return (int) s.groups.values().stream().filter(g -> StoredGroup.ACTIVE.equals(g.state())).count();
        }

        @Override
        public Optional<ExpiringGroup> group(String groupId) {
            return Optional.ofNullable(s.groups.get(groupId)).map(this::expiring);
        }

        @Override
        public Optional<Instant> start() {
            return Optional.ofNullable(s.lifetimesStart);
        }

        @Override
        public void started(Instant at) {
            if (s.lifetimesStart == null) {
                s.lifetimesStart = at;
            }
        }

        @Override
        public void renew(String groupId, String by, Instant at) {
            s.renewedAt.put(groupId, at);
        }

        @Override
        public Optional<Integer> closestReminder(String groupId, Instant expiresAt) {
            return s.expiryReminders.getOrDefault(groupId + "\n" + expiresAt, List.of()).stream()
                    .min(Comparator.naturalOrder());
        }

        @Override
        public void recordReminder(String groupId, Instant expiresAt, int daysBefore, Instant at) {
            s.expiryReminders.computeIfAbsent(groupId + "\n" + expiresAt, k -> new ArrayList<>()).add(daysBefore);
        }

        @Override
        public void recordExpired(String groupId, Instant expiresAt, Instant at, Instant restoreUntil) {
            s.expired.put(groupId, new ExpiredGroup(s.groups.get(groupId), expiresAt, at, restoreUntil,
                    Optional.empty()));
        }

        @Override
        public Optional<ExpiredGroup> expired(String groupId) {
            return Optional.ofNullable(s.expired.get(groupId)).map(e -> new ExpiredGroup(s.groups.get(groupId),
                    e.expiresAt(), e.expiredAt(), e.restoreUntil(), e.restoredAt()));
        }

        @Override
        public List<ExpiredGroup> expiredGroups() {
            return s.expired.keySet().stream().map(this::expired).flatMap(Optional::stream)
                    .filter(e -> e.restoredAt().isEmpty())
                    .sorted(Comparator.comparing(ExpiredGroup::expiredAt).reversed()).toList();
        }

        @Override
        public void restoring(String groupId, String by, Instant at) {
            s.groups.computeIfPresent(groupId, (k, g) -> withState(g, StoredGroup.CREATING));
            s.expired.computeIfPresent(groupId, (k, e) -> new ExpiredGroup(e.group(), e.expiresAt(), e.expiredAt(),
                    e.restoreUntil(), Optional.of(at)));
        }
    }

    /** The {@link ReviewStore} part of a transaction, over the same state as its {@link MemoryTx}. */
    private final class MemoryReviews implements ReviewStore.Tx {
        private final State s;

        MemoryReviews(State s) {
            this.s = s;
        }

        @Override
        public long insertReview(NewReview r) {
            long id = s.nextId++;
            s.reviews.put(id, new AccessReview(id, r.title(), r.scope(), Optional.ofNullable(r.schedule()),
                    Optional.ofNullable(r.reviewer()).map(p -> p.dn().written()), r.defaultVerdict(),
                    AccessReview.State.OPEN, r.startedBy(), r.startedAt(), r.deadline(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
            return id;
        }

        @Override
        public void insertItem(long reviewId, StoredGroup group, String memberDn, String memberDnNorm) {
            s.reviewItems.add(new ReviewItem(reviewId, group.id(), group.dn().written(), group.name(), memberDn,
                    memberDnNorm, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }

        @Override
        public Optional<AccessReview> review(long id) {
            return Optional.ofNullable(s.reviews.get(id));
        }

        private Summary summary(AccessReview r) {
            List<ReviewItem> items = items(r.id());
            return new Summary(r, items.size(), (int) items.stream().filter(i -> i.outcome().isEmpty()).count());
        }

        @Override
        public List<Summary> summaries() {
            return s.reviews.values().stream().sorted(Comparator.comparingLong(AccessReview::id).reversed())
                    .map(this::summary).toList();
        }

        @Override
        public List<Summary> summariesReviewedBy(String personDnNorm) {
            return s.reviews.values().stream().sorted(Comparator.comparingLong(AccessReview::id).reversed())
                    .filter(r -> r.reviewerDn().isPresent()
                            ? names.normalized(r.reviewerDn().get()).equals(personDnNorm)
                            : items(r.id()).stream().anyMatch(i -> s.owners.getOrDefault(i.groupId(), Set.of())
                                    .contains(personDnNorm)))
                    .map(this::summary).toList();
        }

        @Override
        public List<ReviewItem> items(long reviewId) {
            return s.reviewItems.stream().filter(i -> i.reviewId() == reviewId)
                    .sorted(Comparator.comparing(ReviewItem::groupName).thenComparing(ReviewItem::memberDn)).toList();
        }

        @Override
        public List<ReviewItem> items(long reviewId, Set<String> groupIds, int offset, int limit) {
            return items(reviewId).stream().filter(i -> groupIds == null || groupIds.contains(i.groupId()))
                    .skip(Math.max(0, offset)).limit(Math.max(1, limit)).toList();
        }

        @Override
        public List<String> groupIds(long reviewId) {
            return items(reviewId).stream().map(ReviewItem::groupId).distinct().toList();
        }

        @Override
        public int countItems(long reviewId, Set<String> groupIds) {
            return (int) items(reviewId).stream().filter(i -> groupIds == null || groupIds.contains(i.groupId()))
                    .count();
        }

        private boolean replace(long reviewId, String groupId, String memberDnNorm,
                Function<ReviewItem, ReviewItem> change) {
            for (int i = 0; i < s.reviewItems.size(); i++) {
                ReviewItem item = s.reviewItems.get(i);
                if (item.reviewId() == reviewId && item.groupId().equals(groupId)
                        && item.memberDnNorm().equals(memberDnNorm) && item.outcome().isEmpty()) {
                    s.reviewItems.set(i, change.apply(item));
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean decide(long reviewId, String groupId, String memberDnNorm, ReviewVerdict verdict,
                String reason, String decidedBy, Instant at, ReviewItem.Outcome outcome, Long outboxId) {
            return replace(reviewId, groupId, memberDnNorm, i -> new ReviewItem(i.reviewId(), i.groupId(),
                    i.groupDn(), i.groupName(), i.memberDn(), i.memberDnNorm(), Optional.of(verdict),
                    Optional.of(reason), Optional.of(decidedBy), Optional.of(at), Optional.of(outcome),
                    Optional.ofNullable(outboxId)));
        }

        @Override
        public void applyDefault(long reviewId, String groupId, String memberDnNorm, ReviewItem.Outcome outcome,
                Long outboxId) {
            replace(reviewId, groupId, memberDnNorm, i -> new ReviewItem(i.reviewId(), i.groupId(), i.groupDn(),
                    i.groupName(), i.memberDn(), i.memberDnNorm(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of(outcome), Optional.ofNullable(outboxId)));
        }

        @Override
        public void close(long id, AccessReview.State to, String closedBy, Instant at, String heldReason) {
            AccessReview r = s.reviews.get(id);
            s.reviews.put(id, new AccessReview(r.id(), r.title(), r.scope(), r.schedule(), r.reviewerDn(),
                    r.defaultVerdict(), to, r.startedBy(), r.startedAt(), r.deadline(), Optional.of(closedBy),
                    Optional.of(at), Optional.ofNullable(heldReason)));
        }

        @Override
        public List<AccessReview> openUntil(Instant now, Instant by) {
            return s.reviews.values().stream()
                    .filter(r -> r.state() == AccessReview.State.OPEN && r.deadline().isAfter(now)
                            && !r.deadline().isAfter(by))
                    .sorted(Comparator.comparing(AccessReview::deadline)).toList();
        }

        @Override
        public Optional<Integer> closestReminder(long reviewId, String reviewerDnNorm) {
            return s.reviewReminders.getOrDefault(reviewId + " " + reviewerDnNorm, List.of()).stream()
                    .min(Integer::compare);
        }

        @Override
        public void recordReminder(long reviewId, String reviewerDnNorm, int daysBefore, Instant at) {
            s.reviewReminders.computeIfAbsent(reviewId + " " + reviewerDnNorm, k -> new ArrayList<>()).add(daysBefore);
        }

        @Override
        public List<AccessReview> dueBy(Instant now) {
            return s.reviews.values().stream()
                    .filter(r -> r.state() == AccessReview.State.HELD
                            || r.state() == AccessReview.State.OPEN && !r.deadline().isAfter(now))
                    .sorted(Comparator.comparingLong(AccessReview::id)).toList();
        }

        @Override
        public Optional<Instant> lastStart(String schedule) {
            return s.reviews.values().stream().filter(r -> r.schedule().equals(Optional.of(schedule)))
                    .map(AccessReview::startedAt).max(Comparator.naturalOrder());
        }

        @Override
        public List<StoredGroup> activeGroups() {
            return s.groups.values().stream().filter(g -> StoredGroup.ACTIVE.equals(g.state()))
                    .sorted(Comparator.comparing(StoredGroup::name)).toList();
        }
    }
}
