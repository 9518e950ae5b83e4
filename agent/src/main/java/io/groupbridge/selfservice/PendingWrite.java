package io.groupbridge.selfservice;

import io.groupbridge.model.OutboxOperation;
import java.time.Instant;
import java.util.Objects;

/**
 * An outbox row the directory does not hold yet (spec R6): membership through it does not count as applied. A
 * {@link #failed()} row was parked because the directory refused it (W3); it stays visible in listings until it is
 * retried, but the rules no longer count it.
 *
 * @param valueDn the member or owner DN, {@code null} for whole-group operations
 * @param state   the outbox state as the relay keeps it: {@code pending} or {@code failed}
 * @param newName the name a {@code rename-group} row gives the group, {@code null} for every other operation
 */
public record PendingWrite(long id, OutboxOperation operation, String valueDn, String state, Instant createdAt,
        String newName) {
    public PendingWrite {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The outbox state of a parked row. */
    public static final String FAILED = "failed";

    public boolean failed() {
        return FAILED.equals(state);
    }

    /** How a listing shows it. */
    public String status() {
        return failed() ? "failed write-back" : "pending write-back";
    }
}
