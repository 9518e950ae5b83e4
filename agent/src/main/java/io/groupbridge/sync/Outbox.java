package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The write-back outbox as the relay sees it (spec W1, W3). Each method is one store transaction: a row's outcome,
 * the store's owners and members and the audit event are written together or not at all.
 */
public interface Outbox {

    /**
     * Pending rows due at {@code now}, oldest first, at most {@code limit}. A group whose oldest pending row is
     * waiting for a retry contributes no rows, so a group's changes always reach the directory in the order asked.
     */
    List<OutboxRow> due(Instant now, int limit);

    /** The current DN and member attribute of each stored, active group among {@code groupIds}. */
    Map<String, GroupTarget> targets(Collection<String> groupIds);

    /**
     * Counts a try of these rows before it is sent, and holds them until {@code retryAt}: if the process dies
     * while the try is under way, the rows are still pending and are tried again then.
     *
     * @return false, claiming none, when another relay changed any of the rows since they were read
     */
    default boolean claim(List<OutboxRow> rows, Instant retryAt) {
        return claimEach(List.of(new Claim(rows, retryAt))).get(0);
    }

    /**
     * Several {@link #claim}s in one store transaction, one synced commit for a whole pass instead of one per
     * group. Each is all or nothing on its own: one whose rows another relay changed claims none of them and
     * leaves the others as they are.
     *
     * @return for each claim, in order, whether it was made
     */
    List<Boolean> claimEach(List<Claim> claims);

    /** The rows of one directory operation, to be held until {@code retryAt}. */
    record Claim(List<OutboxRow> rows, Instant retryAt) {
        public Claim {
            rows = List.copyOf(rows);
        }
    }

    /**
     * The directory confirmed these value changes, of one group or of several: the rows are done, and the store's
     * owners and members follow, in row order, all in one transaction (one synced commit for many groups).
     */
    void applied(List<Applied> changes);

    /**
     * Value changes of group {@code groupId} the directory confirmed at {@code at}.
     *
     * @param values each row's value, normalized, in the same order as {@code rows}
     */
    record Applied(String groupId, List<OutboxRow> rows, List<Dn> values, Instant at) {
        public Applied {
            rows = List.copyOf(rows);
            values = List.copyOf(values);
            if (rows.size() != values.size()) {
                throw new IllegalArgumentException(rows.size() + " rows but " + values.size() + " values");
            }
        }
    }

    /**
     * The directory holds the group {@code row} asked for: the store gets it as a reconcile would store it, with
     * the policy its creator chose, and pending rows naming the provisional id move to the directory's id.
     */
    void created(OutboxRow row, DirectoryGroup group, String policy, Instant at);

    /**
     * The directory holds the description {@code row} asked for (its payload; none removes it): the row is done and
     * the store's group shows it, in one transaction.
     */
    void described(OutboxRow row, Instant at);

    /**
     * The directory holds the name {@code row} asked for (its payload), at {@code to}, moved from {@code from}: the
     * row is done, the store's group takes the name and DN, and {@code from} stays an alias of the group, so lookups
     * by it and rows queued under it still reach the group; one transaction. A reconcile that stored the new DN
     * first changes none of that.
     */
    void renamed(OutboxRow row, Dn from, Dn to, Instant at);

    /** The directory no longer holds the group: the store marks it deleted and cancels its pending requests. */
    void deleted(OutboxRow row, Instant at);

    /**
     * A try failed. {@code retrying} rows stay pending until their claimed retry time; {@code parked} rows become
     * failed and wait for {@link #retry}.
     */
    void failed(List<OutboxRow> retrying, List<OutboxRow> parked, String error, Instant at);

    /** The rows with these ids, in id order; ids with no row are left out. */
    List<OutboxRow> rows(Collection<Long> ids);

    /** Rows in {@code state} (any when empty), newest first, at most {@code limit}. */
    List<OutboxRow> list(Optional<String> state, int limit);

    /**
     * Puts a failed row back to pending with its attempts reset, audited as asked by {@code actorDn}; false when no
     * failed row has that id.
     */
    boolean retry(long id, String actorDn, Instant now);

    /** Puts every failed row back to pending, audited as asked by {@code actorDn}; returns how many. */
    int retryAllFailed(String actorDn, Instant now);

    /** Row count per state. */
    Map<String, Integer> countByState();

    /**
     * Finds values written back that the store, just reconciled, no longer holds: someone removed them in the
     * directory after groupbridge wrote them (spec W5). Each is audited as drift with both times, once; nothing is
     * queued to write it again.
     */
    List<Drift> recordDrift(Instant detectedAt);

    /** A written value the directory lost: {@code writtenAt} is when groupbridge wrote it. */
    record Drift(long outboxId, String groupDn, String operation, String valueDn, Instant writtenAt,
            Instant detectedAt) {
    }

    /** @param dn the group's DN as stored now, which follows renames */
    record GroupTarget(String dn, String memberAttribute) {
    }
}
