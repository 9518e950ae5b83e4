package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import io.groupbridge.model.MailKind;
import io.groupbridge.model.MailReview;
import java.time.Instant;
import java.util.Objects;

/**
 * A mail an action queues in its own transaction (spec M3), rendered from its kind's template when it is sent.
 *
 * @param recipient     whom it goes to; the store reads the address from the person's entry
 * @param requestId     the join request it is about, {@code null} for reminders
 * @param subject       the person it is about: the requester, or the member whose membership ends
 * @param actor         who decided, {@code null} when nobody did
 * @param justification the requester's, {@code null} when none
 * @param reason        the decision's, {@code null} when none
 * @param endsAt        T7: when the membership ends; E2: when the group expires; V5: the review's deadline;
 *                      {@code null} for requests
 * @param review        V5: the review a reviewer is reminded of, {@code null} for every other mail
 */
public record MailItem(MailKind kind, Dn recipient, String groupId, String groupName, Long requestId, Dn subject,
        Dn actor, String justification, String reason, Instant endsAt, MailReview review) {

    public MailItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(subject, "subject");
    }

    /** A mail about no review. */
    public MailItem(MailKind kind, Dn recipient, String groupId, String groupName, Long requestId, Dn subject,
            Dn actor, String justification, String reason, Instant endsAt) {
        this(kind, recipient, groupId, groupName, requestId, subject, actor, justification, reason, endsAt, null);
    }
}
