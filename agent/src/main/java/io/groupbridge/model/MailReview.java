package io.groupbridge.model;

import java.util.Objects;

/**
 * What a reviewer's reminder (spec V5) says of the access review: which one, and how many members the recipient
 * still has to decide in it when the reminder was queued.
 */
public record MailReview(long id, String title, int undecided) {

    public MailReview {
        Objects.requireNonNull(title, "title");
        if (undecided < 0) {
            throw new IllegalArgumentException("undecided must not be negative");
        }
    }
}
