package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to join a group (spec R).
 *
 * @param requester     who asked, as written and normalized
 * @param justification may be empty (auto-approved joins of open groups)
 * @param decidedBy     {@code null} while pending
 * @param decidedAt     {@code null} while pending
 * @param reason        the decision's reason, {@code null} when none
 */
public record JoinRequest(long id, String groupId, String groupDn, String groupName, Dn requester,
        String justification, RequestState state, Instant createdAt, String decidedBy,
        Instant decidedAt, String reason) {
    public JoinRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
