package io.groupbridge.selfservice;

import io.groupbridge.model.OutboxOperation;
import java.util.Objects;

/**
 * A row to add to the write-back outbox in the transaction of the action that caused it (spec W1).
 *
 * @param valueDn   the member or owner DN for member and owner operations, otherwise {@code null}
 * @param payload   JSON for {@link OutboxOperation#CREATE_GROUP}, otherwise {@code null}
 * @param requestId the join request that led to it, may be {@code null}
 */
public record OutboxItem(String groupId, String groupDn, OutboxOperation operation, String valueDn, String payload,
        Long requestId) {
    public OutboxItem {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupDn, "groupDn");
        Objects.requireNonNull(operation, "operation");
    }
}
