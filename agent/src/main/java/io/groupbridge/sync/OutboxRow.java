package io.groupbridge.sync;

import io.groupbridge.model.OutboxOperation;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the write-back outbox as stored (spec W1).
 *
 * @param groupId       the group's stable id; for {@code create-group}, the caller's provisional id until the
 *                      directory has the entry
 * @param operation     the stored name, see {@link OutboxOperation}; kept as text so an unknown one can be reported
 * @param valueDn       the member or owner DN as it is to be written; {@code null} for group operations
 * @param payload       JSON of the new entry for {@code create-group}; otherwise {@code null}
 * @param requestId     the join request it comes from, or {@code null}
 * @param attempts      tries so far, counted before each try is sent
 * @param lastError     why the last try failed, or {@code null}
 * @param doneAt        when the directory confirmed it, or {@code null}
 */
public record OutboxRow(long id, String groupId, String groupDn, String operation, String valueDn, String payload,
        Long requestId, String state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
        Instant doneAt) {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public OutboxRow {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupDn, "groupDn");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
