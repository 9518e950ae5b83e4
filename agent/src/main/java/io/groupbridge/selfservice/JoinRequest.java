package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to join a group (spec R), or a member's request to extend a membership that ends (spec T6), which the
 * owners decide the same way.
 *
 * @param requester     who asked, as written and normalized
 * @param justification may be empty (auto-approved joins of open groups)
 * @param decidedBy     {@code null} while pending
 * @param decidedAt     {@code null} while pending
 * @param reason        the decision's reason, {@code null} when none
 * @param extendTo      for an extension (T6), when the member asks the membership to end; {@code null} for a join
 */
public record JoinRequest(long id, String groupId, String groupDn, String groupName, Dn requester,
        String justification, RequestState state, Instant createdAt, String decidedBy,
        Instant decidedAt, String reason, Instant extendTo) {
    public JoinRequest {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A request to join. */
    public JoinRequest(long id, String groupId, String groupDn, String groupName, Dn requester, String justification,
            RequestState state, Instant createdAt, String decidedBy, Instant decidedAt, String reason) {
        this(id, groupId, groupDn, groupName, requester, justification, state, createdAt, decidedBy, decidedAt, reason,
                null);
    }

    /** T6: whether a member asks to extend their membership rather than to join. */
    public boolean extension() {
        return extendTo != null;
    }

    /** T6: the end the member asks for, empty for a join. */
    public Optional<Instant> wantedEnd() {
        return Optional.ofNullable(extendTo);
    }
}
