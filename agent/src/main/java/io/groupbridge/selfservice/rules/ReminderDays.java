package io.groupbridge.selfservice.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reminders at whole days before a moment (spec E2 before a group's expiry, V5 before a review's deadline), as pure
 * arithmetic: which one is due now, given the closest one sent already. Immutable and thread-safe.
 *
 * @param days the days before the moment, largest first, each once
 */
public record ReminderDays(List<Integer> days) {

    public ReminderDays {
        days = days.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    /**
     * The reminder due at {@code now} before {@code moment}: the closest of {@link #days} whose day has come, unless
     * one as close or closer was sent already. Someone found 10 days before gets the 15-day reminder alone, not the
     * 30-day one too; nothing is due once the moment came.
     *
     * @param closestSent the smallest number of days before this moment a reminder was sent at, if any
     */
    public Optional<Integer> due(Instant moment, Instant now, Optional<Integer> closestSent) {
        if (!now.isBefore(moment)) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, moment);
        Optional<Integer> due = days.stream().filter(d -> left.compareTo(Duration.ofDays(d)) <= 0)
                .min(Comparator.naturalOrder());
        return due.filter(d -> closestSent.isEmpty() || closestSent.get() > d);
    }

    /** The largest of {@link #days}, 0 when there are none: how early any reminder may be due. */
    public int earliest() {
        return days.isEmpty() ? 0 : days.get(0);
    }
}
