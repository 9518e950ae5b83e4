package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Objects;

/**
 * An outbox row the directory does not hold yet (spec R6): membership through it does not count as applied.
 *
 * @param valueDn the member or owner DN, {@code null} for whole-group operations
 * @param state   the outbox state as the relay keeps it
 */
public record PendingWrite(long id, WriteOperation operation, String valueDn, String state, Instant createdAt) {
    public PendingWrite {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** How a listing shows it. */
    public String status() {
        return "pending write-back";
    }
}
