package io.groupbridge.notify;

import java.util.Objects;

/**
 * A queued mail rendered from its template, ready for SMTP.
 *
 * @param to        the address as the directory holds it, checked when the message is built
 * @param toName    the recipient's display name, encoded into the header, never spliced into it
 * @param subject   one line: the renderer turned every line break and control character of a value into a space
 * @param messageId the same for every attempt of one queued mail, so a receiver can drop a duplicate
 */
record OutgoingMail(String to, String toName, String subject, String body, String messageId) {

    OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(toName, "toName");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(messageId, "messageId");
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a subject is one line");
        }
    }
}
