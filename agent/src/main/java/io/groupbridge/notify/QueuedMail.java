package io.groupbridge.notify;

import io.groupbridge.model.MailKind;
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
 * @param endsAt        T7: when the membership ends, {@code null} for requests
 */
public record QueuedMail(long id, MailKind kind, String recipientMail, String recipientName, String groupId,
        String groupName, Long requestId, String subjectName, String actorName, String justification, String reason,
        Instant endsAt, int attempts, Instant createdAt) {

    public QueuedMail {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recipientMail, "recipientMail");
        Objects.requireNonNull(recipientName, "recipientName");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(subjectName, "subjectName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
