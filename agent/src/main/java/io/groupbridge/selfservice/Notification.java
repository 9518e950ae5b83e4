package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something people must be told about (spec R7): a new join request, or a decision on one.
 *
 * @param event        what happened
 * @param requestId    the join request's id
 * @param groupDn      the group's DN
 * @param groupName    the group's name
 * @param requesterDn  who asked to join
 * @param justification the requester's business justification, empty for decisions
 * @param actorDn      who decided; for {@link Event#REQUESTED} the requester
 * @param reason       the decision's reason, empty when none was given
 * @param recipients   DNs to tell: the group's owners for a new request, the requester for a decision
 * @param at           when it happened
 */
public record Notification(Event event, long requestId, String groupDn, String groupName, String requesterDn,
        Optional<String> justification, String actorDn, Optional<String> reason, List<String> recipients, Instant at) {

    /** {@link #GROUP_EXPIRING}: a group's expiry is near (spec E2); it names no request, so its id is 0. */
    public enum Event { REQUESTED, APPROVED, DENIED, CANCELLED, EXPIRED, GROUP_EXPIRING }

    public Notification {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(groupDn, "groupDn");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(requesterDn, "requesterDn");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(actorDn, "actorDn");
        Objects.requireNonNull(reason, "reason");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(at, "at");
    }
}
