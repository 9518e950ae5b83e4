package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outbox port in memory, for relay tests that need neither SQL nor a database: rows in id order, each group's
 * current DN and member attribute, and a record of every call the relay made, in order, so a test can see which
 * transactions a pass took and what they carried.
 */
final class InMemoryOutbox implements Outbox {

    private final Clock clock;
    private final TreeMap<Long, OutboxRow> rows = new TreeMap<>();
    private final Map<String, GroupTarget> targets = new HashMap<>();
    private final Set<Long> lostToAnotherRelay = new HashSet<>();
    private final List<Drift> drift = new ArrayList<>();
    private long nextId = 1;

    /** Every transaction the relay asked for, one line each, in order. */
    final List<String> calls = new ArrayList<>();
    /** How many claims each claiming transaction carried. */
    final List<Integer> claimTransactions = new ArrayList<>();
    /** How many groups each {@link #applied} transaction carried, and what. */
    final List<List<Applied>> appliedTransactions = new ArrayList<>();
    /** The limits {@link #due} was asked with. */
    final List<Integer> dueLimits = new ArrayList<>();

    InMemoryOutbox(Clock clock) {
        this.clock = clock;
    }

    /** A stored, active group as the relay's targets see it. */
    void storeGroup(String groupId, String dn, String memberAttribute) {
        targets.put(groupId, new GroupTarget(dn, memberAttribute));
    }

    /** A row as self-service inserts it: pending, no tries, due now. */
    OutboxRow add(String groupId, String groupDn, String operation, String valueDn, String payload) {
        OutboxRow row = new OutboxRow(nextId++, groupId, groupDn, operation, valueDn, payload, null,
                OutboxRow.PENDING, 0, clock.instant(), null, clock.instant(), null);
        rows.put(row.id(), row);
        return row;
    }

    /** Another relay takes this row between this relay's read and its claim. */
    void loseToAnotherRelay(long id) {
        lostToAnotherRelay.add(id);
    }

    void drifted(Drift d) {
        drift.add(d);
    }

    OutboxRow row(long id) {
        return rows.get(id);
    }

    @Override
    public List<OutboxRow> due(Instant now, int limit) {
        dueLimits.add(limit);
        Set<String> waiting = new HashSet<>();
        List<OutboxRow> result = new ArrayList<>();
        for (OutboxRow row : rows.values()) {
            if (!row.state().equals(OutboxRow.PENDING) || waiting.contains(row.groupId())) {
                continue;
            }
            if (row.nextAttemptAt().isAfter(now)) {
                waiting.add(row.groupId());
            } else if (result.size() < limit) {
                result.add(row);
            }
        }
        return result;
    }

    @Override
    public Map<String, GroupTarget> targets(Collection<String> groupIds) {
        Map<String, GroupTarget> result = new HashMap<>();
        groupIds.forEach(id -> {
            if (targets.containsKey(id)) {
                result.put(id, targets.get(id));
            }
        });
        return result;
    }

    @Override
    public List<Boolean> claimEach(List<Claim> claims) {
        if (claims.isEmpty()) {
            return List.of();
        }
        claimTransactions.add(claims.size());
        List<Boolean> made = new ArrayList<>();
        for (Claim claim : claims) {
            // As the store's claim: the row is still pending with the tries it was read with.
            boolean free = claim.rows().stream().allMatch(r -> !lostToAnotherRelay.contains(r.id())
                    && rows.get(r.id()).state().equals(OutboxRow.PENDING) && rows.get(r.id()).attempts() == r.attempts());
            if (free) {
                claim.rows().forEach(r -> {
                    OutboxRow stored = rows.get(r.id());
                    rows.put(r.id(), with(stored, stored.state(), stored.attempts() + 1, claim.retryAt(),
                            stored.lastError(), null));
                });
                calls.add("claim " + ids(claim.rows()) + " until " + claim.retryAt());
            }
            made.add(free);
        }
        return made;
    }

    @Override
    public void applied(List<Applied> changes) {
        appliedTransactions.add(List.copyOf(changes));
        for (Applied a : changes) {
            a.rows().forEach(r -> done(r.id(), a.at()));
            calls.add("applied " + a.groupId() + " " + ids(a.rows()));
        }
    }

    @Override
    public void created(OutboxRow row, DirectoryGroup group, String policy, Instant at) {
        done(row.id(), at);
        targets.put(group.id(), new GroupTarget(group.dn().written(), group.memberAttribute()));
        rows.replaceAll((id, r) -> r.groupId().equals(row.groupId()) && r.state().equals(OutboxRow.PENDING)
                ? new OutboxRow(r.id(), group.id(), group.dn().written(), r.operation(), r.valueDn(), r.payload(),
                        r.requestId(), r.state(), r.attempts(), r.nextAttemptAt(), r.lastError(), r.createdAt(),
                        r.doneAt())
                : r);
        calls.add("created " + row.id() + " as " + group.id() + " with policy " + policy);
    }

    @Override
    public void described(OutboxRow row, Instant at) {
        done(row.id(), at);
        calls.add("described " + row.id());
    }

    @Override
    public void renamed(OutboxRow row, Dn from, Dn to, Instant at) {
        done(row.id(), at);
        GroupTarget before = targets.get(row.groupId());
        targets.put(row.groupId(), new GroupTarget(to.written(), before == null ? null : before.memberAttribute()));
        calls.add("renamed " + row.id() + " from " + from + " to " + to);
    }

    @Override
    public void deleted(OutboxRow row, Instant at) {
        done(row.id(), at);
        targets.remove(row.groupId());
        calls.add("deleted " + row.id());
    }

    @Override
    public void failed(List<OutboxRow> retrying, List<OutboxRow> parked, String error, Instant at) {
        retrying.forEach(r -> {
            OutboxRow now = rows.get(r.id());
            rows.put(r.id(), with(now, OutboxRow.PENDING, now.attempts(), now.nextAttemptAt(), error, null));
        });
        parked.forEach(r -> {
            OutboxRow now = rows.get(r.id());
            rows.put(r.id(), with(now, OutboxRow.FAILED, now.attempts(), now.nextAttemptAt(), error, null));
        });
        calls.add("failed " + ids(retrying) + " retrying, " + ids(parked) + " parked: " + error);
    }

    @Override
    public List<OutboxRow> rows(Collection<Long> ids) {
        return rows.values().stream().filter(r -> ids.contains(r.id())).toList();
    }

    @Override
    public List<OutboxRow> list(Optional<String> state, int limit) {
        return rows.descendingMap().values().stream().filter(r -> state.map(r.state()::equals).orElse(true))
                .limit(limit).toList();
    }

    @Override
    public boolean retry(long id, String actorDn, Instant now) {
        OutboxRow row = rows.get(id);
        if (row == null || !row.state().equals(OutboxRow.FAILED)) {
            return false;
        }
        rows.put(id, with(row, OutboxRow.PENDING, 0, now, row.lastError(), null));
        return true;
    }

    @Override
    public int retryAllFailed(String actorDn, Instant now) {
        List<Long> failed = rows.values().stream().filter(r -> r.state().equals(OutboxRow.FAILED))
                .map(OutboxRow::id).toList();
        failed.forEach(id -> retry(id, actorDn, now));
        return failed.size();
    }

    @Override
    public Map<String, Integer> countByState() {
        Map<String, Integer> counts = new TreeMap<>();
        rows.values().forEach(r -> counts.merge(r.state(), 1, Integer::sum));
        return counts;
    }

    @Override
    public List<Drift> recordDrift(Instant detectedAt) {
        calls.add("drift recorded at " + detectedAt);
        return List.copyOf(drift);
    }

    private void done(long id, Instant at) {
        OutboxRow r = rows.get(id);
        rows.put(id, with(r, OutboxRow.DONE, r.attempts(), r.nextAttemptAt(), r.lastError(), at));
    }

    private static OutboxRow with(OutboxRow r, String state, int attempts, Instant nextAttemptAt, String lastError,
            Instant doneAt) {
        return new OutboxRow(r.id(), r.groupId(), r.groupDn(), r.operation(), r.valueDn(), r.payload(), r.requestId(),
                state, attempts, nextAttemptAt, lastError, r.createdAt(), doneAt);
    }

    private static List<Long> ids(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::id).toList();
    }
}
