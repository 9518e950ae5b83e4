package io.groupbridge.selfservice.rules;

import io.groupbridge.model.GroupKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The expiration policy (spec E1-E4) as pure arithmetic over instants: when a group expires, which reminder is due,
 * and until when an expired group may be restored. Immutable and thread-safe.
 *
 * @param lifetime      E1: how long a group lives from the start of its lifetime; empty switches expiration off
 * @param kinds         the group kinds that expire
 * @param remindBefore  E2: days before the expiry at which the owners are reminded
 * @param restoreWindow E4: how long after its expiry a group may be restored
 */
public record GroupExpiry(Optional<Duration> lifetime, Set<GroupKind> kinds, List<Integer> remindBefore,
        Duration restoreWindow) {

    public GroupExpiry {
        Objects.requireNonNull(lifetime, "lifetime");
        kinds = Set.copyOf(kinds);
        remindBefore = remindBefore.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        Objects.requireNonNull(restoreWindow, "restoreWindow");
    }

    /** No group expires. */
    public static GroupExpiry none() {
        return new GroupExpiry(Optional.empty(), Set.of(), List.of(), Duration.ZERO);
    }

    public boolean covers(GroupKind kind) {
        return lifetime.isPresent() && kinds.contains(kind);
    }

    /**
     * E1: a group's lifetime starts at the latest of its creation, its last renewal and the policy's first run
     * ({@code policyStart}): a group older than the lifetime when the policy is switched on gets a full lifetime
     * from then instead of expiring at once.
     *
     * @throws IllegalStateException when the policy is off
     */
    public Instant expiresAt(Instant createdAt, Optional<Instant> renewedAt, Instant policyStart) {
        Instant start = createdAt.isAfter(policyStart) ? createdAt : policyStart;
        if (renewedAt.isPresent() && renewedAt.get().isAfter(start)) {
            start = renewedAt.get();
        }
        return start.plus(lifetime.orElseThrow(() -> new IllegalStateException("expiration is off")));
    }

    /**
     * E2: the reminder due at {@code now} for a group expiring at {@code expiresAt}, as {@link ReminderDays#due}
     * gives it for {@link #remindBefore}.
     *
     * @param closestSent the smallest number of days before this expiry a reminder was sent at, if any
     */
    public Optional<Integer> reminderDue(Instant expiresAt, Instant now, Optional<Integer> closestSent) {
        return new ReminderDays(remindBefore).due(expiresAt, now, closestSent);
    }

    /** E4: the end of the restore window of a group expired at {@code expiredAt}. */
    public Instant restoreUntil(Instant expiredAt) {
        return expiredAt.plus(restoreWindow);
    }
}
