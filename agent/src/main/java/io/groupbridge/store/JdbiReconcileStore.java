package io.groupbridge.store;

import io.groupbridge.model.Dn;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.sync.ChangeMark;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.DirectoryPerson;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.ReconcileStore;
import io.groupbridge.sync.SyncException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The reconcile's store adapter: one handle and one transaction per run. Person, group, owner and member inserts are
 * buffered and, every {@code batchSize} rows, handed to a writer thread ({@link WriteBehind}) that sends them while
 * the run reads on: people and groups as prepared batches, before the owners and members that reference them, which
 * go through {@link ValueInserts} (COPY on PostgreSQL). Anything else that touches the handle waits for the writer
 * first and so sees the run's own rows.
 */
public final class JdbiReconcileStore implements ReconcileStore {

    private final Jdbi jdbi;
    private final Clock clock;
    private final int batchSize;
    private final MembershipRevision revision;

    JdbiReconcileStore(Jdbi jdbi, Clock clock, int batchSize, MembershipRevision revision) {
        this.jdbi = jdbi;
        this.revision = revision;
        this.clock = clock;
        this.batchSize = Math.max(1, batchSize);
    }

    @Override
    public <R> R inRun(boolean commit, RunWork<R> work) throws SyncException {
        try (Handle handle = jdbi.open(); WriteBehind writer = new WriteBehind()) {
            handle.begin();
            try {
                JdbiSession session = new JdbiSession(handle, writer);
                R result = work.apply(session);
                session.flush();
                if (commit) {
                    handle.commit();
                    revision.committed();
                } else {
                    handle.rollback();
                }
                return result;
            } catch (SyncException | RuntimeException e) {
                writer.abandon();
                handle.rollback();
                if (e instanceof SyncException se) {
                    throw se;
                }
                throw new SyncException("store", GroupStore.rootMessage(e), e);
            }
        }
    }

    @Override
    public void recordFailedRun(ReconcileReport report) {
        jdbi.useHandle(h -> insertRun(h, report, false));
    }

    private static void insertRun(Handle h, ReconcileReport r, boolean failsafeOverridden) {
        h.createUpdate("INSERT INTO reconcile_run (id, mode, started_at, finished_at, outcome, people_read, groups_read,"
                        + " changes, warnings, error, people_removed, groups_removed, failsafe_overridden) VALUES (:id,"
                        + " :mode, :started, :finished, :outcome, :people, :groups, :changes, :warnings, :error,"
                        + " :peopleRemoved, :groupsRemoved, :overridden)")
                .bind("id", r.runId())
                .bind("mode", r.mode().name().toLowerCase(java.util.Locale.ROOT))
                .bind("started", r.startedAt())
                .bind("finished", r.startedAt().plus(r.duration()))
                .bind("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .bind("people", r.peopleRead())
                .bind("groups", r.groupsRead())
                .bind("changes", r.changes())
                .bind("warnings", r.warningCount())
                .bind("error", truncate(r.error(), 4000))
                .bind("peopleRemoved", r.peopleRemoved())
                .bind("groupsRemoved", r.groupsDeleted())
                .bind("overridden", failsafeOverridden)
                .execute();
    }

    // A group created through self-service is not in the directory until written back; it must not look vanished.
    private static final String GROUP_FINGERPRINTS = "SELECT id, fingerprint, state = 'deleted'"
            + " FROM directory_group WHERE state <> 'creating'";

    private static final String NAMES_NO_ENTRY = " AND NOT EXISTS (SELECT 1 FROM directory_person p"
            + " WHERE p.dn_norm = m.member_dn_norm) AND NOT EXISTS (SELECT 1 FROM directory_group x"
            + " WHERE x.dn_norm = m.member_dn_norm AND x.state = 'active')";

    /**
     * Records as dangling the member values of active groups that name one of {@code dns} when no stored person or
     * active group has that DN any more: a person or group deleted or renamed, by a reconcile or by write-back.
     */
    static void markDangling(Handle handle, List<String> dns) {
        if (dns.isEmpty()) {
            return;
        }
        handle.createUpdate("INSERT INTO dangling_member (group_id, member_dn_norm, member_dn)"
                + " SELECT m.group_id, m.member_dn_norm, m.member_dn"
                + " FROM group_member m JOIN directory_group g ON g.id = m.group_id"
                + " WHERE m.member_dn_norm IN (<dns>) AND g.state = 'active'" + NAMES_NO_ENTRY
                + " AND NOT EXISTS (SELECT 1 FROM dangling_member d WHERE d.group_id = m.group_id"
                + " AND d.member_dn_norm = m.member_dn_norm)").bindList("dns", dns).execute();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** A new group and the policy it is stored with. */
    private record NewGroup(DirectoryGroup group, String policy, String runId) {
    }

    /** Rows buffered for one hand-off to the writer, in the order they must reach the store. */
    private static final class Inserts {
        private final List<DirectoryPerson> people = new ArrayList<>();
        private final List<NewGroup> groups = new ArrayList<>();
        private final List<ValueInserts.Row> owners = new ArrayList<>();
        private final List<ValueInserts.Row> members = new ArrayList<>();

        int size() {
            return people.size() + groups.size() + owners.size() + members.size();
        }
    }

    private final class JdbiSession implements Session {
        // The run's handle; the session's own statements reach it through handle(), the writer's batches directly.
        private final Handle connection;
        private final WriteBehind writer;
        private final ValueInserts values;
        private final Instant now;
        private Inserts pending = new Inserts();
        // What a load into empty value tables dropped, to build again before anything reads them; null otherwise.
        private DeferredIndexes deferred;
        // Normalized DNs of people and groups this run deleted or renamed away: member values naming them in groups
        // the run did not change become dangling without their group's entry changing.
        private final Set<String> vanishedDns = new HashSet<>();

        JdbiSession(Handle connection, WriteBehind writer) {
            this.connection = connection;
            this.writer = writer;
            this.values = ValueInserts.of(connection);
            this.now = clock.instant();
        }

        /** The run's handle, once every buffered row is in the store. */
        private Handle handle() {
            flush();
            return connection;
        }

        @Override
        public void personFingerprints(StoredFingerprints sink) {
            streamFingerprints(handle().createQuery("SELECT id, fingerprint, FALSE FROM directory_person"), sink);
        }

        @Override
        public void personFingerprints(Collection<String> ids, StoredFingerprints sink) {
            for (List<String> chunk : chunks(ids)) {
                streamFingerprints(handle().createQuery("SELECT id, fingerprint, FALSE FROM directory_person"
                        + " WHERE id IN (<ids>)").bindList("ids", chunk), sink);
            }
        }

        @Override
        public void groupFingerprints(StoredFingerprints sink) {
            boolean[] any = {false};
            streamFingerprints(handle().createQuery(GROUP_FINGERPRINTS), (id, fingerprint, deleted) -> {
                any[0] = true;
                sink.accept(id, fingerprint, deleted);
            });
            if (!any[0] && values.copies()) {
                deferred = DeferredIndexes.dropIfEmpty(connection, List.of("group_owner", "group_member")).orElse(null);
            }
        }

        @Override
        public void groupFingerprints(Collection<String> ids, StoredFingerprints sink) {
            for (List<String> chunk : chunks(ids)) {
                streamFingerprints(handle().createQuery(GROUP_FINGERPRINTS + " AND id IN (<ids>)")
                        .bindList("ids", chunk), sink);
            }
        }

        private void streamFingerprints(Query query, StoredFingerprints sink) {
            query.setFetchSize(batchSize)
                    .map((rs, ctx) -> {
                        sink.accept(rs.getString(1), rs.getLong(2), rs.getBoolean(3));
                        return null;
                    })
                    .forEach(ignored -> { });
        }

        @Override
        public int personCount() {
            return handle().createQuery("SELECT COUNT(*) FROM directory_person").mapTo(Integer.class).one();
        }

        @Override
        public int activeGroupCount() {
            return handle().createQuery("SELECT COUNT(*) FROM directory_group WHERE state = 'active'")
                    .mapTo(Integer.class).one();
        }

        @Override
        public void insertPerson(DirectoryPerson p) {
            pending.people.add(p);
            handOffIfFull();
        }

        @Override
        public void updatePerson(DirectoryPerson p) {
            Dn before = handle().createQuery("SELECT dn, dn_norm FROM directory_person WHERE id = :id")
                    .bind("id", p.id()).map((rs, ctx) -> new Dn(rs.getString(1), rs.getString(2))).one();
            if (!before.normalized().equals(p.dn().normalized())) {
                followRename(before, p.dn());
                vanishedDns.add(before.normalized());
            }
            handle().createUpdate("UPDATE directory_person SET dn = :dn, dn_norm = :dnNorm, login = :login,"
                            + " display_name = :name, mail = :mail, login_key = LOWER(:login), mail_key = LOWER(:mail),"
                            + " fingerprint = :fingerprint, updated_at = :now WHERE id = :id")
                    .bind("id", p.id()).bind("dn", p.dn().written()).bind("dnNorm", p.dn().normalized())
                    .bind("login", p.login()).bind("name", p.name()).bind("mail", p.mail())
                    .bind("fingerprint", p.fingerprint()).bind("now", now)
                    .execute();
        }

        /**
         * A person renamed in the directory (same id, new DN) keeps what groupbridge holds for them under their DN: their
         * requests, blocks and not-yet-written outbox rows now name the new DN, so an approval writes a value that
         * exists and the person sees their requests under the name they sign in with. Owners and members need nothing
         * here: they are the directory's values, re-read with the groups. The audit log is left as it was written,
         * naming whoever acted by the DN they had then.
         */
        private void followRename(Dn before, Dn after) {
            String beforeNorm = before.normalized();
            handle().createQuery("SELECT id, group_id FROM join_request WHERE requester_dn_norm = :before"
                            + " AND pending_key IS NOT NULL")
                    .bind("before", beforeNorm)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .list()
                    .forEach(r -> handle().createUpdate("UPDATE join_request SET pending_key = :key WHERE id = :id")
                            .bind("key", JdbiSelfServiceStore.pendingKey(r.getValue(), after.normalized()))
                            .bind("id", r.getKey()).execute());
            handle().createUpdate("UPDATE join_request SET requester_dn = :dn, requester_dn_norm = :norm"
                            + " WHERE requester_dn_norm = :before")
                    .bind("dn", after.written()).bind("norm", after.normalized()).bind("before", beforeNorm).execute();
            handle().createUpdate("UPDATE group_block SET person_dn = :dn, person_dn_norm = :norm"
                            + " WHERE person_dn_norm = :before")
                    .bind("dn", after.written()).bind("norm", after.normalized()).bind("before", beforeNorm).execute();
            // Rows not yet written carry the DN as the store held it when they were queued, unnormalized.
            handle().createUpdate("UPDATE outbox SET value_dn = :dn WHERE state <> 'done' AND value_dn = :before")
                    .bind("dn", after.written()).bind("before", before.written()).execute();
        }

        @Override
        public List<String> deletePeople(Set<String> ids) {
            List<String> dns = new ArrayList<>();
            for (List<String> chunk : chunks(ids)) {
                dns.addAll(handle().createQuery("SELECT dn_norm FROM directory_person WHERE id IN (<ids>)")
                        .bindList("ids", chunk).mapTo(String.class).list());
                handle().createUpdate("DELETE FROM directory_person WHERE id IN (<ids>)").bindList("ids", chunk).execute();
            }
            vanishedDns.addAll(dns);
            return dns;
        }

        @Override
        public String insertGroup(DirectoryGroup g, String runId) {
            String policy = JoinPolicy.defaultFor(g.kind(), g.channel()).wireName();
            pending.groups.add(new NewGroup(g, policy, runId));
            handOffIfFull();
            return policy;
        }

        @Override
        public int keepCreatorsPolicies(String runId) {
            return DirectoryGroups.keepCreatorsPolicies(handle(), runId, now);
        }

        @Override
        public String updateGroup(DirectoryGroup g, String runId) {
            handle().createQuery("SELECT dn_norm FROM directory_group WHERE id = :id AND state = 'active'")
                    .bind("id", g.id()).mapTo(String.class).findOne()
                    .filter(before -> !before.equals(g.dn().normalized()))
                    .ifPresent(vanishedDns::add);
            DirectoryGroups.updateFromDirectory(handle(), g, runId, now);
            return handle().createQuery("SELECT policy FROM directory_group WHERE id = :id")
                    .bind("id", g.id()).mapTo(String.class).one();
        }

        @Override
        public Set<String> ownersOf(String groupId) {
            return new HashSet<>(handle().createQuery("SELECT owner_dn_norm FROM group_owner WHERE group_id = :g")
                    .bind("g", groupId).mapTo(String.class).list());
        }

        @Override
        public Set<String> membersOf(String groupId) {
            return new HashSet<>(handle().createQuery("SELECT member_dn_norm FROM group_member WHERE group_id = :g")
                    .setFetchSize(batchSize).bind("g", groupId).mapTo(String.class).list());
        }

        @Override
        public void addOwners(String groupId, List<Dn> owners) {
            for (Dn ref : owners) {
                pending.owners.add(new ValueInserts.Row(groupId, ref));
            }
            handOffIfFull();
        }

        @Override
        public void removeOwners(String groupId, Set<String> normalizedDns) {
            deleteValues("DELETE FROM group_owner WHERE group_id = :group AND owner_dn_norm = :norm", groupId,
                    normalizedDns);
        }

        @Override
        public void addMembers(String groupId, List<Dn> members) {
            for (Dn ref : members) {
                pending.members.add(new ValueInserts.Row(groupId, ref));
            }
            handOffIfFull();
        }

        @Override
        public void removeMembers(String groupId, Set<String> normalizedDns) {
            deleteValues("DELETE FROM group_member WHERE group_id = :group AND member_dn_norm = :norm", groupId,
                    normalizedDns);
        }

        private void deleteValues(String sql, String groupId, Set<String> normalizedDns) {
            if (normalizedDns.isEmpty()) {
                return;
            }
            PreparedBatch batch = handle().prepareBatch(sql);
            for (String norm : normalizedDns) {
                batch.bind("group", groupId).bind("norm", norm).add();
                if (batch.size() >= batchSize) {
                    batch.execute();
                }
            }
            if (batch.size() > 0) {
                batch.execute();
            }
        }

        @Override
        public List<GroupSummary> markGroupsDeleted(Set<String> ids) {
            List<GroupSummary> result = new ArrayList<>();
            for (List<String> chunk : chunks(ids)) {
                vanishedDns.addAll(handle().createQuery("SELECT dn_norm FROM directory_group WHERE id IN (<ids>)")
                        .bindList("ids", chunk).mapTo(String.class).list());
                DirectoryGroups.markDeleted(handle(), chunk, now);
                result.addAll(GroupQueries.summaries(handle(), "g.id IN (<ids>)", q -> q.bindList("ids", chunk)));
            }
            return result;
        }

        @Override
        public int cancelPendingRequestsOfGroups(Set<String> groupIds, String reason) {
            int cancelled = 0;
            for (List<String> chunk : chunks(groupIds)) {
                cancelled += cancelPending("r.group_id IN (<ids>)", "group_id IN (<ids>)", reason,
                        u -> u.bindList("ids", chunk));
            }
            return cancelled;
        }

        @Override
        public int cancelPendingRequestsOfRequesters(List<String> requesterNormalizedDns, String reason) {
            int cancelled = 0;
            for (List<String> chunk : chunks(requesterNormalizedDns)) {
                cancelled += cancelPending("r.requester_dn_norm IN (<dns>)", "requester_dn_norm IN (<dns>)", reason,
                        u -> u.bindList("dns", chunk));
            }
            return cancelled;
        }

        /** Audits, then cancels, the pending requests matching the condition (spec R3, R7). */
        private int cancelPending(String auditCondition, String updateCondition, String reason,
                java.util.function.Consumer<org.jdbi.v3.core.statement.SqlStatement<?>> binder) {
            var audit = AuditEvents.insertSelected(handle(), "SELECT :now, 'groupbridge', 'request-cancelled',"
                    + " r.group_id, g.dn, r.requester_dn, 'done', 'R3', :reason"
                    + " FROM join_request r JOIN directory_group g ON g.id = r.group_id"
                    + " WHERE r.state = 'pending' AND " + auditCondition)
                    .bind("now", now).bind("reason", reason);
            binder.accept(audit);
            audit.execute();
            var update = handle().createUpdate("UPDATE join_request SET state = 'cancelled', pending_key = NULL,"
                    + " decided_by = 'groupbridge', decided_at = :now, reason = :reason WHERE state = 'pending' AND "
                    + updateCondition)
                    .bind("now", now).bind("reason", reason);
            binder.accept(update);
            return update.execute();
        }

        /**
         * Brings {@code dangling_member} up to date with this run in three steps, none of which reads every
         * membership: the run's changed groups are checked afresh; the values of other groups that named a person
         * or group this run deleted or renamed are added; and the rows already there are dropped once their value
         * names an entry again, left its group, or their group is no longer active.
         */
        @Override
        public int refreshDanglingMembers(String runId) {
            handle().createUpdate("DELETE FROM dangling_member WHERE group_id IN"
                    + " (SELECT id FROM directory_group WHERE last_change_run = :run)").bind("run", runId).execute();
            // From the run's groups to their members, in that order: HSQLDB joins in FROM order, and starting from
            // group_member scanned every membership (17 s at a million) even when the run changed no group.
            handle().createUpdate("INSERT INTO dangling_member (group_id, member_dn_norm, member_dn)"
                    + " SELECT g.id, m.member_dn_norm, m.member_dn"
                    + " FROM directory_group g JOIN group_member m ON m.group_id = g.id"
                    + " WHERE g.last_change_run = :run" + NAMES_NO_ENTRY).bind("run", runId).execute();
            for (List<String> chunk : chunks(vanishedDns)) {
                markDangling(handle(), chunk);
            }
            handle().createUpdate("DELETE FROM dangling_member WHERE"
                    + " NOT EXISTS (SELECT 1 FROM directory_group g WHERE g.id = dangling_member.group_id"
                    + " AND g.state = 'active')"
                    + " OR NOT EXISTS (SELECT 1 FROM group_member m WHERE m.group_id = dangling_member.group_id"
                    + " AND m.member_dn_norm = dangling_member.member_dn_norm)"
                    + " OR EXISTS (SELECT 1 FROM directory_person p WHERE p.dn_norm = dangling_member.member_dn_norm)"
                    + " OR EXISTS (SELECT 1 FROM directory_group x WHERE x.dn_norm = dangling_member.member_dn_norm"
                    + " AND x.state = 'active')").execute();
            return handle().createQuery("SELECT COUNT(*) FROM dangling_member").mapTo(Integer.class).one();
        }

        @Override
        public List<DanglingMember> danglingMembers(int limit) {
            return handle().createQuery("SELECT g.dn, d.member_dn FROM dangling_member d"
                            + " JOIN directory_group g ON g.id = d.group_id ORDER BY g.dn, d.member_dn")
                    .setMaxRows(limit)
                    .map((rs, ctx) -> new DanglingMember(rs.getString(1), rs.getString(2)))
                    .list();
        }

        @Override
        public void recordRun(ReconcileReport report, boolean failsafeOverridden) {
            insertRun(handle(), report, failsafeOverridden);
        }

        @Override
        public Removals removedSince(Instant since) {
            return handle().createQuery("SELECT COALESCE(SUM(people_removed), 0), COALESCE(SUM(groups_removed), 0)"
                            + " FROM reconcile_run r WHERE outcome = 'succeeded' AND finished_at >= :since"
                            + " AND NOT EXISTS (SELECT 1 FROM reconcile_run o WHERE o.failsafe_overridden"
                            + " AND o.outcome = 'succeeded' AND o.finished_at >= r.finished_at)")
                    .bind("since", since)
                    .map((rs, ctx) -> new Removals(rs.getInt(1), rs.getInt(2)))
                    .one();
        }

        @Override
        public Optional<ChangeMark> checkpoint(String name) {
            return handle().createQuery("SELECT checkpoint_value FROM sync_checkpoint WHERE name = :name")
                    .bind("name", name).mapTo(String.class).findOne().map(ChangeMark::parse);
        }

        @Override
        public void saveCheckpoint(String name, ChangeMark value, String runId) {
            int updated = handle().createUpdate("UPDATE sync_checkpoint SET checkpoint_value = :value, run_id = :run,"
                            + " updated_at = :now WHERE name = :name")
                    .bind("name", name).bind("value", value.text()).bind("run", runId).bind("now", now)
                    .execute();
            if (updated == 0) {
                handle().createUpdate("INSERT INTO sync_checkpoint (name, checkpoint_value, run_id, updated_at)"
                                + " VALUES (:name, :value, :run, :now)")
                        .bind("name", name).bind("value", value.text()).bind("run", runId).bind("now", now)
                        .execute();
            }
        }

        @Override
        public void flush() {
            handOff();
            writer.await();
            if (deferred != null) {
                DeferredIndexes built = deferred;
                deferred = null;
                built.restore(connection);
            }
        }

        private void handOffIfFull() {
            if (pending.size() >= batchSize) {
                handOff();
            }
        }

        /** Gives the buffered rows to the writer, which waits for its batch before, if still in flight. */
        private void handOff() {
            if (pending.size() == 0) {
                return;
            }
            Inserts batch = pending;
            pending = new Inserts();
            writer.send(() -> write(batch));
        }

        /** On the writer's thread: the batch's rows, each table's after the ones they reference. */
        private void write(Inserts batch) {
            if (!batch.people.isEmpty()) {
                PreparedBatch people = connection.prepareBatch("INSERT INTO directory_person (id, dn, dn_norm, login,"
                        + " display_name, mail, login_key, mail_key, fingerprint, created_at, updated_at) VALUES (:id,"
                        + " :dn, :dnNorm, :login, :name, :mail, LOWER(:login), LOWER(:mail), :fingerprint, :now, :now)");
                for (DirectoryPerson p : batch.people) {
                    people.bind("id", p.id()).bind("dn", p.dn().written()).bind("dnNorm", p.dn().normalized())
                            .bind("login", p.login()).bind("name", p.name()).bind("mail", p.mail())
                            .bind("fingerprint", p.fingerprint()).bind("now", now).add();
                }
                people.execute();
            }
            if (!batch.groups.isEmpty()) {
                PreparedBatch groups = DirectoryGroups.prepareInserts(connection);
                for (NewGroup g : batch.groups) {
                    DirectoryGroups.addInsert(groups, g.group(), g.policy(), g.runId(), now);
                }
                groups.execute();
            }
            values.insert(connection, ValueInserts.Table.OWNERS, batch.owners);
            values.insert(connection, ValueInserts.Table.MEMBERS, batch.members);
        }

        private <T> List<List<T>> chunks(java.util.Collection<T> values) {
            List<List<T>> result = new ArrayList<>();
            List<T> current = new ArrayList<>();
            for (T v : values) {
                current.add(v);
                if (current.size() == batchSize) {
                    result.add(current);
                    current = new ArrayList<>();
                }
            }
            if (!current.isEmpty()) {
                result.add(current);
            }
            return result;
        }
    }
}
