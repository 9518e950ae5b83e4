package io.groupbridge.sync;

import io.groupbridge.model.CreateGroupPayload;
import io.groupbridge.model.Dn;
import io.groupbridge.model.NewGroup;
import io.groupbridge.model.OutboxOperation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outbox to the directory (spec W1-W4).
 *
 * <p>Rows are taken oldest first; a group's rows become as few directory operations as their order allows: every
 * run of consecutive value changes is one modify (W4), a {@code create-group} one add, a {@code set-description}
 * a modify of its own, a {@code rename-group} one modify DN and a {@code delete-group} one delete. A group's rows
 * after a rename wait for the next run, which sends them to the DN the store has then. Before an operation is sent its rows are claimed: the try is counted and the rows are held until their
 * next retry time, in a committed transaction. Only after the directory confirmed the operation are the rows marked
 * done, together with the store's owners and members, so a process that dies in between leaves the rows pending and
 * a later run sends them again, which the idempotent writer turns into no change (W2).
 *
 * <p>A failed operation is retried with backoff; a row that has used up its tries, or whose failure no retry can
 * mend, is parked as failed with the error, never dropped (W3). A group's later rows wait while an earlier one waits
 * for its retry, so changes reach the directory in the order they were asked for.
 *
 * <p>One run at a time per relay; not thread-safe.
 */
public final class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int ERROR_LIMIT = 20;
    private static final int CONFIRMED_PER_COMMIT = 100;

    private final Outbox outbox;
    private final MembershipWriter writer;
    private final Backoff backoff;
    private final int maxAttempts;
    private final int batchSize;
    private final Clock clock;
    private final CreateGroupPayload payloads = new CreateGroupPayload();

    public OutboxRelay(Outbox outbox, MembershipWriter writer, Backoff backoff, int maxAttempts, int batchSize,
            Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.maxAttempts = maxAttempts;
        this.batchSize = batchSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends every due row once; never throws for a directory failure, which is recorded on the rows instead. */
    public WriteBackReport run() {
        Map<String, List<OutboxRow>> byGroup = dueByGroup();
        if (byGroup.isEmpty()) {
            return WriteBackReport.empty();
        }
        Map<String, Outbox.GroupTarget> targets = outbox.targets(byGroup.keySet());
        Tally tally = new Tally();
        MembershipWriter.Session session;
        try {
            session = writer.open();
        } catch (WriteBackException e) {
            for (List<OutboxRow> rows : byGroup.values()) {
                if (outbox.claim(rows, retryAt(rows))) {
                    fail(rows, e.getMessage(), e.retryable(), tally);
                }
            }
            return tally.report();
        }
        Map<String, List<Planned>> plans = new LinkedHashMap<>();
        byGroup.forEach((groupId, rows) -> plans.put(groupId, plan(rows, targets.get(groupId))));
        Map<String, Boolean> firstClaimed = claimFirstSteps(plans);
        Confirmations confirmations = new Confirmations();
        try (session) {
            plans.forEach((groupId, plan) -> relayGroup(session, groupId, plan, firstClaimed.get(groupId), tally,
                    confirmations));
            confirmations.commit();
        }
        return tally.report();
    }

    /**
     * Claims the first operation of every group in one store transaction: a claim is a synced commit, which costs
     * more than the modify it precedes. Mostly a group's rows are one modify; an operation after the first (after
     * a create, a delete or an unsendable row) is claimed when its turn comes, since whether it is sent at all
     * depends on the one before. A process that dies during the pass leaves the claimed rows pending until their
     * retry time, as a single claim does (W2).
     *
     * @return for each group whose plan starts with an operation, whether its claim was made
     */
    private Map<String, Boolean> claimFirstSteps(Map<String, List<Planned>> plans) {
        List<String> groups = new ArrayList<>();
        List<Outbox.Claim> claims = new ArrayList<>();
        plans.forEach((groupId, plan) -> {
            if (!plan.isEmpty() && plan.get(0) instanceof Planned.Step s) {
                groups.add(groupId);
                claims.add(new Outbox.Claim(s.rows(), retryAt(s.rows())));
            }
        });
        List<Boolean> claimed = outbox.claimEach(claims);
        Map<String, Boolean> result = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            result.put(groups.get(i), claimed.get(i));
        }
        return result;
    }

    /** The directory operations a run would send now, as LDIF change records; sends and changes nothing (Y4). */
    public List<String> plan() {
        Map<String, List<OutboxRow>> byGroup = dueByGroup();
        Map<String, Outbox.GroupTarget> targets = byGroup.isEmpty() ? Map.of() : outbox.targets(byGroup.keySet());
        List<String> result = new ArrayList<>();
        byGroup.forEach((groupId, rows) -> {
            for (Planned p : plan(rows, targets.get(groupId))) {
                if (p instanceof Planned.Step s) {
                    result.add(writer.describe(s.step()));
                } else if (p instanceof Planned.Unsendable u) {
                    result.add("# outbox row " + u.row().id() + " would not be sent: " + u.reason());
                }
            }
        });
        return result;
    }

    /**
     * Audits values written back that the directory lost to someone else since (spec W5). Call it after each
     * committed reconcile, which is what makes the store follow the directory; nothing is written again.
     */
    public List<Outbox.Drift> recordDrift() {
        List<Outbox.Drift> drift = outbox.recordDrift(clock.instant());
        drift.forEach(d -> LOG.info("drift: {} {} written back at {} was removed in the directory; not re-added",
                d.groupDn(), d.valueDn(), d.writtenAt()));
        return drift;
    }

    private Map<String, List<OutboxRow>> dueByGroup() {
        Map<String, List<OutboxRow>> byGroup = new LinkedHashMap<>();
        for (OutboxRow row : outbox.due(clock.instant(), batchSize)) {
            byGroup.computeIfAbsent(row.groupId(), g -> new ArrayList<>()).add(row);
        }
        return byGroup;
    }

    /**
     * The value changes the directory confirmed, committed to the store together: a synced commit costs more than
     * the modify it confirms, so one commit covers up to {@link #CONFIRMED_PER_COMMIT} groups. A process that dies
     * before the commit leaves those rows claimed; they are sent again after their backoff, which changes nothing
     * in the directory (W2).
     */
    private final class Confirmations {
        private final List<Outbox.Applied> confirmed = new ArrayList<>();

        void add(Outbox.Applied applied) {
            confirmed.add(applied);
            if (confirmed.size() >= CONFIRMED_PER_COMMIT) {
                commit();
            }
        }

        void commit() {
            if (!confirmed.isEmpty()) {
                outbox.applied(List.copyOf(confirmed));
                confirmed.clear();
            }
        }
    }

    /** @param firstClaimed whether the plan's first operation was claimed already; null when it was not tried */
    private void relayGroup(MembershipWriter.Session session, String groupId, List<Planned> plan,
            Boolean firstClaimed, Tally tally, Confirmations confirmations) {
        String storedGroupId = groupId;
        boolean first = true;
        for (Planned p : plan) {
            Boolean claimedAlready = first ? firstClaimed : null;
            first = false;
            if (p instanceof Planned.Unsendable u) {
                List<OutboxRow> rows = List.of(u.row());
                if (!outbox.claim(rows, retryAt(rows))) {
                    return;
                }
                fail(rows, u.reason(), u.retryable(), tally);
                if (u.retryable()) {
                    return;
                }
                continue;
            }
            Planned.Step s = (Planned.Step) p;
            if (!(claimedAlready != null ? claimedAlready : outbox.claim(s.rows(), retryAt(s.rows())))) {
                return;
            }
            Instant now = clock.instant();
            try {
                if (s.step() instanceof WriteStep.Modify m) {
                    tally.modifies += session.modify(m);
                    confirmations.add(new Outbox.Applied(storedGroupId, s.rows(), s.values(), now));
                } else if (s.step() instanceof WriteStep.Create c) {
                    // Creating and deleting move rows between groups in the store: what came before is committed first.
                    confirmations.commit();
                    DirectoryGroup created = session.create(c);
                    outbox.created(s.rows().get(0), created, c.group().policy().wireName(), now);
                    storedGroupId = created.id();
                    tally.created++;
                } else if (s.step() instanceof WriteStep.SetDescription d) {
                    confirmations.commit();
                    session.setDescription(d);
                    outbox.described(s.rows().get(0), now);
                    tally.modifies++;
                } else if (s.step() instanceof WriteStep.Rename r) {
                    confirmations.commit();
                    String newDn = session.rename(r);
                    outbox.renamed(s.rows().get(0), new Dn(r.dn(), writer.normalize(r.dn()).orElseThrow()),
                            new Dn(newDn, writer.normalize(newDn).orElseThrow()), now);
                    tally.modifies++;
                } else if (s.step() instanceof WriteStep.Delete d) {
                    confirmations.commit();
                    session.delete(d);
                    outbox.deleted(s.rows().get(0), now);
                    tally.deleted++;
                }
                tally.done += s.rows().size();
            } catch (WriteBackException e) {
                fail(s.rows(), e.getMessage(), e.retryable(), tally);
                return;
            }
        }
    }

    private void fail(List<OutboxRow> rows, String error, boolean retryable, Tally tally) {
        List<OutboxRow> retrying = new ArrayList<>();
        List<OutboxRow> parked = new ArrayList<>();
        for (OutboxRow row : rows) {
            (retryable && row.attempts() + 1 < maxAttempts ? retrying : parked).add(row);
        }
        outbox.failed(retrying, parked, error, clock.instant());
        tally.retrying += retrying.size();
        tally.parked += parked.size();
        if (tally.errors.size() < ERROR_LIMIT) {
            tally.errors.add(rows.get(0).groupDn() + ": " + error);
        }
        LOG.warn("write-back of {} outbox row(s) of {} failed ({} parked): {}", rows.size(), rows.get(0).groupDn(),
                parked.size(), error);
    }

    /** When claimed rows come back if this try never reports: the backoff of the most-tried row. */
    private Instant retryAt(List<OutboxRow> rows) {
        int attempt = rows.stream().mapToInt(OutboxRow::attempts).max().orElse(0) + 1;
        return clock.instant().plus(backoff.after(attempt));
    }

    /** Turns one group's rows, in id order, into directory operations, consecutive value changes merged. */
    private List<Planned> plan(List<OutboxRow> rows, Outbox.GroupTarget target) {
        List<Planned> plan = new ArrayList<>();
        String dn = target == null ? null : target.dn();
        String memberAttribute = target == null ? null : target.memberAttribute();
        Merge merge = null;
        for (OutboxRow row : rows) {
            Optional<OutboxOperation> op = OutboxOperation.fromWireName(row.operation());
            if (op.isEmpty()) {
                merge = flush(merge, plan);
                plan.add(new Planned.Unsendable(row, "unknown operation '" + row.operation() + "'", false));
            } else if (op.get().isValueChange()) {
                Optional<String> normalized = row.valueDn() == null ? Optional.empty() : writer.normalize(row.valueDn());
                if (normalized.isEmpty()) {
                    merge = flush(merge, plan);
                    plan.add(new Planned.Unsendable(row, "value '" + row.valueDn() + "' is not a DN", false));
                } else if (memberAttribute == null) {
                    merge = flush(merge, plan);
                    // A group made in the directory moments ago reaches the store at the next reconcile.
                    plan.add(new Planned.Unsendable(row, "group " + row.groupDn() + " is not in the store yet", true));
                } else {
                    if (merge == null) {
                        merge = new Merge(dn == null ? row.groupDn() : dn, memberAttribute);
                    }
                    merge.add(row, new ValueChange(op.get().adds(), op.get().onOwners(),
                            new Dn(row.valueDn(), normalized.get())));
                }
            } else if (op.get() == OutboxOperation.CREATE_GROUP) {
                merge = flush(merge, plan);
                try {
                    NewGroup group = payloads.parse(row.groupDn(), row.payload());
                    plan.add(new Planned.Step(new WriteStep.Create(group, row.attempts() > 0), List.of(row), List.of()));
                    dn = group.dn();
                    memberAttribute = group.memberAttribute();
                } catch (IllegalArgumentException e) {
                    plan.add(new Planned.Unsendable(row, e.getMessage(), false));
                }
            } else if (op.get() == OutboxOperation.SET_DESCRIPTION) {
                merge = flush(merge, plan);
                plan.add(new Planned.Step(new WriteStep.SetDescription(dn == null ? row.groupDn() : dn,
                        Optional.ofNullable(row.payload())), List.of(row), List.of()));
            } else if (op.get() == OutboxOperation.RENAME_GROUP) {
                merge = flush(merge, plan);
                if (row.payload() == null || row.payload().isBlank()) {
                    plan.add(new Planned.Unsendable(row, "rename-group row carries no new name", false));
                    continue;
                }
                plan.add(new Planned.Step(new WriteStep.Rename(dn == null ? row.groupDn() : dn, row.groupId(),
                        row.payload()), List.of(row), List.of()));
                // Where the rows after it go is known once the directory has answered.
                return plan;
            } else {
                merge = flush(merge, plan);
                plan.add(new Planned.Step(new WriteStep.Delete(dn == null ? row.groupDn() : dn), List.of(row),
                        List.of()));
            }
        }
        flush(merge, plan);
        return plan;
    }

    private static Merge flush(Merge merge, List<Planned> plan) {
        if (merge != null) {
            plan.add(merge.step());
        }
        return null;
    }

    /** Consecutive value changes of one group; the last change of a value is the one that counts. */
    private static final class Merge {
        private final String dn;
        private final String memberAttribute;
        private final List<OutboxRow> rows = new ArrayList<>();
        private final List<Dn> values = new ArrayList<>();
        private final Map<String, ValueChange> changes = new LinkedHashMap<>();

        Merge(String dn, String memberAttribute) {
            this.dn = dn;
            this.memberAttribute = memberAttribute;
        }

        void add(OutboxRow row, ValueChange change) {
            rows.add(row);
            values.add(change.value());
            String key = (change.owner() ? "owner:" : "member:") + change.value().normalized();
            changes.remove(key);
            changes.put(key, change);
        }

        Planned.Step step() {
            return new Planned.Step(new WriteStep.Modify(dn, memberAttribute, new ArrayList<>(changes.values())),
                    rows, values);
        }
    }

    private sealed interface Planned {
        /** @param values the normalized value of each row, for value changes; empty otherwise */
        record Step(WriteStep step, List<OutboxRow> rows, List<Dn> values) implements Planned {
        }

        record Unsendable(OutboxRow row, String reason, boolean retryable) implements Planned {
        }
    }

    private static final class Tally {
        int done;
        int retrying;
        int parked;
        int modifies;
        int created;
        int deleted;
        final List<String> errors = new ArrayList<>();

        WriteBackReport report() {
            return new WriteBackReport(done, retrying, parked, modifies, created, deleted, errors);
        }
    }
}
