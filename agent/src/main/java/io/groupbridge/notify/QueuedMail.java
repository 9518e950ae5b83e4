package io.groupbridge.notify;

import io.groupbridge.model.MailKind;
import io.groupbridge.model.MailReview;
import java.time.Instant;
import java.util.Objects;

/**
 * A mail in the queue, with what its template shows; names are the people's display names, or their logins or DNs
 * when the store has none.
 *
 * @param attempts      attempts made so far
 * @param requestId     {@code null} for reminders
 * @param actorName     who decided, {@code null} when nobody did
 * @param justification {@code null} when none
 * @param reason        {@code null} when none
 * @param endsAt        T7: when the membership ends; E2: when the group expires; V5: the review's deadline;
 *                      {@code null} for requests
 * @param review        V5: the review a reviewer is reminded of, {@code null} for every other mail
 */
public record QueuedMail(long id, MailKind kind, String recipientMail, String recipientName, String groupId,
        String groupName, Long requestId, String subjectName, String actorName, String justification, String reason,
        Instant endsAt, int attempts, Instant createdAt, MailReview review) {

    public QueuedMail {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipientMail, "recipientMail");
        Objects.requireNonNull(recipientName, "recipientName");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(subjectName, "subjectName");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A mail about no review. */
    public QueuedMail(long id, MailKind kind, String recipientMail, String recipientName, String groupId,
            String groupName, Long requestId, String subjectName, String actorName, String justification,
            String reason, Instant endsAt, int attempts, Instant createdAt) {
        this(id, kind, recipientMail, recipientName, groupId, groupName, requestId, subjectName, actorName,
                justification, reason, endsAt, attempts, createdAt, null);
    }
}
