package io.groupbridge.store;

import io.groupbridge.model.Dn;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.Fingerprint;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The write-back outbox in the group store. Every method is one transaction, so an outbox row's state, the store's
 * owners and members and the audit event change together.
 */
public final class JdbiOutbox implements Outbox {

    static final String ACTOR = "groupbridge";
    private static final int CHUNK = 1000;
    // Groups whose written values one query looks up, so that the IN lists stay short.
    private static final int GROUPS_PER_LOOKUP = 100;
    private static final int TEXT_LIMIT = 4000;
    private static final String COLUMNS = "id, group_id, group_dn, operation, value_dn, payload, request_id, state,"
            + " attempts, next_attempt_at, last_error, created_at, done_at";

    private final Jdbi jdbi;
    private final MembershipRevision revision;

    /** An outbox whose commits no one else in this process needs to hear of. */
    public JdbiOutbox(Jdbi jdbi) {
        this(jdbi, new MembershipRevision());
    }

    JdbiOutbox(Jdbi jdbi, MembershipRevision revision) {
        this.jdbi = jdbi;
        this.revision = revision;
    }

    @Override
    public List<OutboxRow> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox o WHERE o.state = 'pending'"
                        + " AND o.next_attempt_at <= :now AND NOT EXISTS (SELECT 1 FROM outbox e"
                        + " WHERE e.group_id = o.group_id AND e.state = 'pending' AND e.id < o.id"
                        + " AND e.next_attempt_at > :now) ORDER BY o.id")
                .bind("now", now)
                .setMaxRows(limit)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    @Override
    public Map<String, GroupTarget> targets(Collection<String> groupIds) {
        Map<String, GroupTarget> result = new HashMap<>();
        jdbi.useHandle(h -> {
            for (List<String> chunk : chunks(groupIds)) {
                h.createQuery("SELECT id, dn, member_attribute FROM directory_group WHERE id IN (<ids>)"
                                + " AND state = 'active'")
                        .bindList("ids", chunk)
                        .map((rs, ctx) -> result.put(rs.getString(1), new GroupTarget(rs.getString(2), rs.getString(3))))
                        .forEach(ignored -> { });
            }
        });
        return result;
    }

    @Override
    public List<Boolean> claimEach(List<Claim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :at"
                    + " WHERE id = :id AND state = 'pending' AND attempts = :attempts");
            for (Claim c : claims) {
                for (OutboxRow r : c.rows()) {
                    batch.bind("at", c.retryAt()).bind("id", r.id()).bind("attempts", r.attempts()).add();
                }
            }
            int[] counts = batch.execute();
            List<Boolean> claimed = new ArrayList<>();
            // A claim is all or nothing: the rows of one that lost any row to another relay get back what this
            // transaction changed, so the commit keeps only the claims that were made whole.
            PreparedBatch undo = h.prepareBatch("UPDATE outbox SET attempts = :attempts, next_attempt_at = :at"
                    + " WHERE id = :id");
            int i = 0;
            for (Claim c : claims) {
                boolean whole = true;
                for (int j = 0; j < c.rows().size(); j++) {
                    whole &= counts[i + j] == 1;
                }
                if (!whole) {
                    for (int j = 0; j < c.rows().size(); j++) {
                        OutboxRow r = c.rows().get(j);
                        if (counts[i + j] == 1) {
                            undo.bind("attempts", r.attempts()).bind("at", r.nextAttemptAt()).bind("id", r.id()).add();
                        }
                    }
                }
                claimed.add(whole);
                i += c.rows().size();
            }
            if (undo.size() > 0) {
                undo.execute();
            }
            return claimed;
        });
    }

    @Override
    public void applied(List<Applied> changes) {
        if (changes.isEmpty()) {
            return;
        }
        HandleConsumer<RuntimeException> apply = h -> apply(h, changes);
        /*
         * A reconcile that read the directory after the write stores the same value and the group's fingerprint in its
         * own transaction. When that commits while this one runs, the insert meets its row (unique violation) or the
         * update its newer version (serialization failure). A new try starts after it and sees what it stored.
         */
        for (int attempt = 1; ; attempt++) {
            try {
                jdbi.useTransaction(apply);
                revision.committed(changes.stream().flatMap(c -> c.values().stream()).map(Dn::normalized).toList());
                return;
            } catch (JdbiException e) {
                if (attempt == CONCURRENT_WRITE_TRIES || !isConcurrentWrite(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies every group's confirmed changes with one batch per statement for all of them, not a round of
     * statements per group: a write-back pass costs a few round trips per commit (issue 13, point 6).
     */
    private void apply(Handle h, List<Applied> changes) {
        // Only the last change of a value counts, as if the rows ran one by one, across the pass's steps of a group.
        Map<String, Map<String, ValueState>> byGroup = new LinkedHashMap<>();
        for (Applied c : changes) {
            Map<String, ValueState> last = byGroup.computeIfAbsent(c.groupId(), g -> new LinkedHashMap<>());
            for (int i = 0; i < c.rows().size(); i++) {
                OutboxOperation op = OutboxOperation.fromWireName(c.rows().get(i).operation()).orElseThrow();
                Dn value = c.values().get(i);
                last.put((op.onOwners() ? "owner:" : "member:") + value.normalized(),
                        new ValueState(op.onOwners(), value, op.adds()));
            }
        }
        adjustFingerprints(h, byGroup);
        writeValues(h, byGroup, true);
        writeValues(h, byGroup, false);
        PreparedBatch done = h.prepareBatch("UPDATE outbox SET state = 'done', done_at = :at,"
                + " value_dn_norm = :norm, group_id = :g WHERE id = :id");
        PreparedBatch audit = auditBatch(h);
        for (Applied c : changes) {
            List<OutboxRow> rows = c.rows();
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow r = rows.get(i);
                done.bind("at", c.at()).bind("norm", c.values().get(i).normalized()).bind("g", c.groupId())
                        .bind("id", r.id()).add();
                addAudit(audit, c.at(), "write-back", c.groupId(), r.groupDn(), r.valueDn(), "done", "W1",
                        r.operation() + " written to the directory (outbox " + r.id() + ", try " + (r.attempts() + 1)
                                + ")");
            }
        }
        done.execute();
        audit.execute();
    }

    /**
     * Moves each group's fingerprint by the values written, so that a reconcile finding the directory as the write
     * left it sees no change, and one finding anything else, drift included, sees the difference: the hash of a
     * value's stored spelling comes off when the value is replaced or removed, the written one's goes on when it is
     * present after (see {@code sync.Fingerprint}). Reads only the written values' own rows, never the group's others.
     */
    private static void adjustFingerprints(Handle h, Map<String, Map<String, ValueState>> byGroup) {
        Map<String, Long> fingerprints = new HashMap<>();
        for (List<String> chunk : chunks(byGroup.keySet())) {
            h.createQuery("SELECT id, fingerprint FROM directory_group WHERE id IN (<ids>)")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> fingerprints.put(rs.getString(1), rs.getLong(2)))
                    .forEach(ignored -> { });
        }
        Map<String, String> storedSpelling = new HashMap<>();
        storedValues(h, byGroup, true, storedSpelling);
        storedValues(h, byGroup, false, storedSpelling);
        Map<String, Long> adjusted = new HashMap<>();
        byGroup.forEach((groupId, states) -> {
            Long stored = fingerprints.get(groupId);
            if (stored == null) {
                return;
            }
            long removed = 0;
            long added = 0;
            for (Map.Entry<String, ValueState> e : states.entrySet()) {
                ValueState s = e.getValue();
                String before = storedSpelling.get(groupId + '\u0000' + e.getKey());
                if (before != null) {
                    removed += Fingerprint.ofValue(s.owner(), before);
                }
                if (s.present()) {
                    added += Fingerprint.ofValue(s.owner(), s.value().written());
                }
            }
            long next = Fingerprint.adjusted(stored, removed, added);
            if (next != stored) {
                adjusted.put(groupId, next);
            }
        });
        DirectoryGroups.setFingerprints(h, adjusted);
    }

    /**
     * The stored spelling of each value the changes name, keyed by group id, NUL, and the change's key: one query per
     * chunk of groups, over those groups' named values only.
     */
    private static void storedValues(Handle h, Map<String, Map<String, ValueState>> byGroup, boolean owners,
            Map<String, String> into) {
        String column = owners ? "owner" : "member";
        String prefix = owners ? "owner:" : "member:";
        List<String> groups = new ArrayList<>(byGroup.keySet());
        for (int from = 0; from < groups.size(); from += GROUPS_PER_LOOKUP) {
            List<String> chunk = groups.subList(from, Math.min(groups.size(), from + GROUPS_PER_LOOKUP));
            java.util.Set<String> norms = new java.util.LinkedHashSet<>();
            for (String g : chunk) {
                byGroup.get(g).values().stream().filter(v -> v.owner() == owners)
                        .forEach(v -> norms.add(v.value().normalized()));
            }
            java.util.Set<String> wanted = new java.util.HashSet<>(chunk);
            for (List<String> normChunk : chunks(norms)) {
                h.createQuery("SELECT group_id, " + column + "_dn_norm, " + column + "_dn FROM group_" + column
                                + " WHERE group_id IN (<groups>) AND " + column + "_dn_norm IN (<norms>)")
                        .bindList("groups", chunk).bindList("norms", normChunk)
                        .map((rs, ctx) -> {
                            String key = rs.getString(1) + '\u0000' + prefix + rs.getString(2);
                            if (wanted.contains(rs.getString(1)) && byGroup.get(rs.getString(1))
                                    .containsKey(prefix + rs.getString(2))) {
                                into.put(key, rs.getString(3));
                            }
                            return null;
                        })
                        .forEach(ignored -> { });
            }
        }
    }

    private static final int CONCURRENT_WRITE_TRIES = 3;
    // SQL standard states of a unique constraint violation and a serialization failure, on HSQLDB and PostgreSQL.
    private static final List<String> CONCURRENT_WRITE_STATES = List.of("23505", "40001");

    private static boolean isConcurrentWrite(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (CONCURRENT_WRITE_STATES.contains(sql.getSQLState())
                    || sql.getNextException() != null
                    && CONCURRENT_WRITE_STATES.contains(sql.getNextException().getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** A value's state in the store once a group's rows are applied: present or not. */
    private record ValueState(boolean owner, Dn value, boolean present) {
    }

    private static void writeValues(Handle h, Map<String, Map<String, ValueState>> byGroup, boolean owners) {
        String table = owners ? "group_owner" : "group_member";
        String column = owners ? "owner" : "member";
        PreparedBatch deletes = h.prepareBatch("DELETE FROM " + table + " WHERE group_id = :g AND " + column
                + "_dn_norm = :norm");
        // Selecting from directory_group skips a group the store does not hold (yet): a reconcile adds it.
        PreparedBatch inserts = h.prepareBatch("INSERT INTO " + table + " (group_id, " + column + "_dn_norm, "
                + column + "_dn) SELECT id, CAST(:norm AS VARCHAR(2048)), CAST(:dn AS VARCHAR(2048))"
                + " FROM directory_group WHERE id = :g");
        byGroup.forEach((groupId, states) -> {
            for (ValueState s : states.values()) {
                if (s.owner() != owners) {
                    continue;
                }
                deletes.bind("g", groupId).bind("norm", s.value().normalized()).add();
                if (s.present()) {
                    inserts.bind("g", groupId).bind("norm", s.value().normalized()).bind("dn", s.value().written())
                            .add();
                }
            }
        });
        if (deletes.size() > 0) {
            deletes.execute();
        }
        if (inserts.size() > 0) {
            inserts.execute();
        }
    }

    @Override
    public void created(OutboxRow row, DirectoryGroup group, String policy, Instant at) {
        // A reconcile may store the new entry between this transaction's look and its insert; the second try updates.
        Conflicts.retryOnce(jdbi, h -> {
            String provisional = row.groupId();
            if (!provisional.equals(group.id())) {
                // Taken first, so the move below waits for a self-service transaction writing rows for the
                // provisional group (JdbiSelfServiceStore holds the row for that) and then moves its rows too.
                DirectoryGroups.hold(h, provisional);
            }
            boolean known = h.createQuery("SELECT COUNT(*) FROM directory_group WHERE id = :id")
                    .bind("id", group.id()).mapTo(Integer.class).one() > 0;
            if (known) {
                // A reconcile ran between the add and this commit and stored the entry with the default policy.
                DirectoryGroups.setPolicy(h, group.id(), policy, at);
            } else {
                insertGroup(h, group, policy, at);
            }
            if (!provisional.equals(group.id())) {
                // The provisional row self-service made has served its purpose; what it pointed at follows the
                // directory's id, and its owners and members are the directory's now.
                DirectoryGroups.inheritCreator(h, group.id(), provisional);
                // A restored group (E4) is re-created under a new id too: its renewal, reminders, expiry record
                // and the aliases that named it follow.
                for (String table : List.of("outbox", "join_request", "group_block", "audit_event",
                        "membership_term", "group_renewal", "group_expiry_reminder", "expired_group", "group_alias",
                        "group_dn_alias")) {
                    h.createUpdate("UPDATE " + table + " SET group_id = :real WHERE group_id = :provisional")
                            .bind("real", group.id()).bind("provisional", provisional).execute();
                }
                for (String table : List.of("group_owner", "group_member")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE group_id = :provisional")
                            .bind("provisional", provisional).execute();
                }
                DirectoryGroups.delete(h, provisional);
                // Whoever still holds the provisional id (a panel page, a script) is sent to the real one.
                h.createUpdate("INSERT INTO group_alias (old_id, group_id, created_at) VALUES (:provisional, :real, :at)")
                        .bind("provisional", provisional).bind("real", group.id()).bind("at", at).execute();
            }
            markDone(h, row.id(), at);
            audit(h, at, "write-back", group.id(), group.dn().written(), null, "done", "W1", "group created in the"
                    + " directory as " + group.objectClass() + " with " + group.owners().size() + " owner(s) and "
                    + group.members().size() + " member(s) (outbox " + row.id() + ")");
            return null;
        });
        revision.committed();
    }

    private static void insertGroup(Handle h, DirectoryGroup g, String policy, Instant at) {
        DirectoryGroups.insert(h, g, policy, at);
        insertValues(h, "group_owner", "owner", g.id(), g.owners());
        insertValues(h, "group_member", "member", g.id(), g.members());
    }

    private static void insertValues(Handle h, String table, String column, String groupId, List<Dn> values) {
        if (values.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO " + table + " (group_id, " + column + "_dn_norm, " + column
                + "_dn) VALUES (:g, :norm, :dn)");
        for (Dn v : values) {
            batch.bind("g", groupId).bind("norm", v.normalized()).bind("dn", v.written()).add();
        }
        batch.execute();
    }

    @Override
    public void deleted(OutboxRow row, Instant at) {
        jdbi.useTransaction(h -> {
            AuditEvents.insertSelected(h, "SELECT :at, :actor, 'request-cancelled', r.group_id, :dn,"
                            + " r.requester_dn, 'done', 'R3', 'group deleted' FROM join_request r"
                            + " WHERE r.group_id = :g AND r.state = 'pending'")
                    .bind("at", at).bind("actor", ACTOR).bind("dn", row.groupDn()).bind("g", row.groupId()).execute();
            h.createUpdate("UPDATE join_request SET state = 'cancelled', pending_key = NULL, decided_by = :actor,"
                            + " decided_at = :at, reason = 'group deleted' WHERE group_id = :g AND state = 'pending'")
                    .bind("actor", ACTOR).bind("at", at).bind("g", row.groupId()).execute();
            DirectoryGroups.markDeleted(h, List.of(row.groupId()), at);
            markDone(h, row.id(), at);
            audit(h, at, "write-back", row.groupId(), row.groupDn(), null, "done", "W1",
                    "group deleted in the directory (outbox " + row.id() + ")");
        });
        revision.committed();
    }

    @Override
    public void described(OutboxRow row, Instant at) {
        jdbi.useTransaction(h -> {
            DirectoryGroups.setDescription(h, row.groupId(), row.payload(), at);
            markDone(h, row.id(), at);
            audit(h, at, "write-back", row.groupId(), row.groupDn(), null, "done", "W1",
                    "description set in the directory (outbox " + row.id() + ")");
        });
    }

    @Override
    public void renamed(OutboxRow row, Dn from, Dn to, Instant at) {
        Conflicts.retryOnce(jdbi, h -> {
            DirectoryGroups.rename(h, row.groupId(), row.payload(), to, at);
            boolean moved = !from.normalized().equals(to.normalized());
            if (moved) {
                h.createUpdate("DELETE FROM group_dn_alias WHERE old_dn_norm IN (:old, :new) AND group_id = :g")
                        .bind("old", from.normalized()).bind("new", to.normalized()).bind("g", row.groupId())
                        .execute();
                h.createUpdate("INSERT INTO group_dn_alias (old_dn_norm, group_id, created_at) VALUES (:old, :g, :at)")
                        .bind("old", from.normalized()).bind("g", row.groupId()).bind("at", at).execute();
                // Groups that name the old DN as a member hold a dangling value until the directory's referential
                // integrity rewrites it and the next reconcile reads that.
                JdbiReconcileStore.markDangling(h, List.of(from.normalized()));
            }
            markDone(h, row.id(), at);
            audit(h, at, "write-back", row.groupId(), to.written(), null, "done", "W1", truncate("group renamed in the"
                    + " directory to '" + row.payload() + "'" + (moved ? ", was " + from.written() : "")
                    + " (outbox " + row.id() + ")"));
            return null;
        });
        revision.committed();
    }

    @Override
    public void failed(List<OutboxRow> retrying, List<OutboxRow> parked, String error, Instant at) {
        String message = truncate(error);
        jdbi.useTransaction(h -> {
            PreparedBatch update = h.prepareBatch("UPDATE outbox SET state = :state, last_error = :error WHERE id = :id");
            PreparedBatch audit = auditBatch(h);
            for (OutboxRow r : retrying) {
                update.bind("state", OutboxRow.PENDING).bind("error", message).bind("id", r.id()).add();
                addAudit(audit, at, "write-back", r.groupId(), r.groupDn(), r.valueDn(), "retry", "W3",
                        truncate(r.operation() + " failed on try " + (r.attempts() + 1) + ", will be retried (outbox "
                                + r.id() + "): " + error));
            }
            for (OutboxRow r : parked) {
                update.bind("state", OutboxRow.FAILED).bind("error", message).bind("id", r.id()).add();
                addAudit(audit, at, "write-back", r.groupId(), r.groupDn(), r.valueDn(), "failed", "W3",
                        truncate(r.operation() + " parked after try " + (r.attempts() + 1) + " (outbox " + r.id()
                                + "; `groupbridge outbox retry " + r.id() + "` sends it again): " + error));
            }
            if (update.size() > 0) {
                update.execute();
                audit.execute();
            }
        });
    }

    @Override
    public List<OutboxRow> rows(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", List.copyOf(ids)).map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public List<OutboxRow> list(Optional<String> state, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM outbox"
                    + (state.isPresent() ? " WHERE state = :state" : "") + " ORDER BY id DESC");
            state.ifPresent(s -> query.bind("state", s));
            return query.setMaxRows(limit).map((rs, ctx) -> row(rs)).list();
        });
    }

    @Override
    public boolean retry(long id, String actorDn, Instant now) {
        return jdbi.inTransaction(h -> requeue(h, "id = :id", actorDn, now, id) > 0);
    }

    @Override
    public int retryAllFailed(String actorDn, Instant now) {
        return jdbi.inTransaction(h -> requeue(h, "1 = 1", actorDn, now, null));
    }

    private static int requeue(Handle h, String condition, String actorDn, Instant now, Long id) {
        AuditEvents.insertSelected(h, "SELECT :now, :actor, 'write-back', group_id, group_dn, value_dn, 'requeued',"
                        + " 'W3', 'parked ' || operation || ' put back to pending on request"
                        + " (outbox ' || CAST(id AS VARCHAR(20)) || ')' FROM outbox WHERE state = 'failed' AND "
                        + condition)
                .bind("now", now).bind("actor", actorDn).bindMap(idBinding(id)).execute();
        return h.createUpdate("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = :now"
                        + " WHERE state = 'failed' AND " + condition)
                .bind("now", now).bindMap(idBinding(id)).execute();
    }

    private static Map<String, Object> idBinding(Long id) {
        return id == null ? Map.of() : Map.of("id", id);
    }

    @Override
    public Map<String, Integer> countByState() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM outbox GROUP BY state ORDER BY state")
                .map((rs, ctx) -> counts.put(rs.getString(1), rs.getInt(2)))
                .forEach(ignored -> { }));
        return counts;
    }

    private static final String DRIFT_SOURCE = " FROM outbox o JOIN directory_group g ON g.id = o.group_id"
            + " WHERE g.state = 'active' AND o.state = 'done' AND o.drift_at IS NULL AND o.value_dn_norm IS NOT NULL"
            + " AND ((o.operation = 'add-member' AND NOT EXISTS (SELECT 1 FROM group_member m"
            + " WHERE m.group_id = o.group_id AND m.member_dn_norm = o.value_dn_norm))"
            + " OR (o.operation = 'add-owner' AND NOT EXISTS (SELECT 1 FROM group_owner w"
            + " WHERE w.group_id = o.group_id AND w.owner_dn_norm = o.value_dn_norm)))"
            // Only the last write of a value counts: a later removal through groupbridge is not drift.
            + " AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.group_id = o.group_id AND n.state = 'done'"
            + " AND n.value_dn_norm = o.value_dn_norm AND n.id > o.id"
            + " AND ((o.operation = 'add-member' AND n.operation IN ('add-member', 'remove-member'))"
            + " OR (o.operation = 'add-owner' AND n.operation IN ('add-owner', 'remove-owner'))))";

    @Override
    public List<Drift> recordDrift(Instant detectedAt) {
        return jdbi.inTransaction(h -> {
            Map<Drift, String> found = new LinkedHashMap<>();
            h.createQuery("SELECT o.id, g.dn, o.operation, o.value_dn, o.done_at, o.group_id" + DRIFT_SOURCE
                            + " ORDER BY o.id")
                    .map((rs, ctx) -> found.put(new Drift(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), instant(rs, 5), detectedAt), rs.getString(6)))
                    .forEach(ignored -> { });
            if (found.isEmpty()) {
                return List.of();
            }
            PreparedBatch mark = h.prepareBatch("UPDATE outbox SET drift_at = :at WHERE id = :id");
            PreparedBatch audit = auditBatch(h);
            for (Map.Entry<Drift, String> e : found.entrySet()) {
                Drift d = e.getKey();
                mark.bind("at", detectedAt).bind("id", d.outboxId()).add();
                String what = d.operation().equals("add-owner") ? "owner" : "member";
                addAudit(audit, detectedAt, "drift", e.getValue(), d.groupDn(), d.valueDn(), "detected",
                        "W5", truncate(what + " written back at " + d.writtenAt() + " (outbox " + d.outboxId()
                                + ") was removed in the directory by someone else; detected at " + detectedAt
                                + "; the store follows the directory and groupbridge does not add it again"));
            }
            mark.execute();
            audit.execute();
            return List.copyOf(found.keySet());
        });
    }

    private static void markDone(Handle h, long id, Instant at) {
        h.createUpdate("UPDATE outbox SET state = 'done', done_at = :at WHERE id = :id")
                .bind("at", at).bind("id", id).execute();
    }

    private static PreparedBatch auditBatch(Handle h) {
        return AuditEvents.batch(h);
    }

    private static void addAudit(PreparedBatch batch, Instant at, String action, String groupId, String groupDn,
            String target, String outcome, String rule, String detail) {
        AuditEvents.add(batch, event(at, action, groupId, groupDn, target, outcome, rule, detail));
    }

    private static void audit(Handle h, Instant at, String action, String groupId, String groupDn, String target,
            String outcome, String rule, String detail) {
        AuditEvents.insert(h, event(at, action, groupId, groupDn, target, outcome, rule, detail));
    }

    private static AuditEvents.Event event(Instant at, String action, String groupId, String groupDn, String target,
            String outcome, String rule, String detail) {
        return new AuditEvents.Event(at, ACTOR, action, groupId, groupDn, target, outcome, rule, detail, null);
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        long requestId = rs.getLong("request_id");
        return new OutboxRow(rs.getLong("id"), rs.getString("group_id"), rs.getString("group_dn"),
                rs.getString("operation"), rs.getString("value_dn"), rs.getString("payload"),
                rs.wasNull() ? null : requestId, rs.getString("state"), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "done_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= TEXT_LIMIT ? s : s.substring(0, TEXT_LIMIT);
    }

    private static <T> List<List<T>> chunks(Collection<T> values) {
        List<List<T>> result = new ArrayList<>();
        List<T> current = new ArrayList<>();
        for (T v : values) {
            current.add(v);
            if (current.size() == CHUNK) {
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
