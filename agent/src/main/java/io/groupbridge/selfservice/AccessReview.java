package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An access review (spec V1-V4): who started it, of what, until when, and what becomes of the members nobody
 * decided.
 *
 * @param scope           the group or filter it was started for, in words, for listings and exports
 * @param schedule        the {@code governance.reviews.schedules[].name} that started it, empty when a person did
 * @param reviewerDn      the reviewer named at the start, who decides instead of the owners; empty for the owners
 * @param heldReason      why the failsafe held the default back (state {@link State#HELD}), empty otherwise
 */
public record AccessReview(long id, String title, String scope, Optional<String> schedule,
        Optional<String> reviewerDn, ReviewVerdict defaultVerdict, State state, String startedBy, Instant startedAt,
        Instant deadline, Optional<String> closedBy, Optional<Instant> closedAt, Optional<String> heldReason) {

    public AccessReview {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(reviewerDn, "reviewerDn");
        Objects.requireNonNull(defaultVerdict, "defaultVerdict");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedBy, "startedBy");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(closedBy, "closedBy");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(heldReason, "heldReason");
    }

    /**
     * {@code open}: reviewers decide; {@code held}: closed by its deadline or an administrator, but the failsafe
     * held back the default's removals of at least one group, which the next close tries again (V3);
     * {@code closed}: every member has an outcome.
     */
    public enum State {
        OPEN,
        HELD,
        CLOSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromWireName(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** Whether reviewers may still decide. */
    public boolean open() {
        return state == State.OPEN;
    }
}
