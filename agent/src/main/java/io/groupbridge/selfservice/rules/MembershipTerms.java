package io.groupbridge.selfservice.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When memberships may end and must (spec T1-T3): the tenant's maximum and requirement, and the groups' own, which
 * win. End dates are days in UTC; a membership ending on a day lasts until the start of the next one, so "until
 * 2026-06-30" keeps the member all of that day wherever the agent runs. Pure and immutable.
 *
 * <p>Decision: the maximum and the requirement bind everyone who approves or adds, administrators and service
 * principals too: they are a policy of the group, not a permission of the actor.
 *
 * @param maxDuration    the tenant's longest membership with an end date; empty for no limit
 * @param requireEndDate the tenant's requirement of one
 * @param groups         by normalized group DN
 */
public record MembershipTerms(Optional<Duration> maxDuration, boolean requireEndDate, Map<String, GroupTerm> groups) {

    public MembershipTerms {
        Objects.requireNonNull(maxDuration, "maxDuration");
        groups = Map.copyOf(groups);
    }

    /** No limit and no requirement: memberships end only when someone gives them an end date. */
    public static MembershipTerms none() {
        return new MembershipTerms(Optional.empty(), false, Map.of());
    }

    /**
     * A group's own term; an empty part falls back to the tenant's.
     */
    public record GroupTerm(Optional<Duration> maxDuration, Optional<Boolean> requireEndDate) {
        public GroupTerm {
            Objects.requireNonNull(maxDuration, "maxDuration");
            Objects.requireNonNull(requireEndDate, "requireEndDate");
        }
    }

    /** The longest a membership of this group may last, if limited. */
    public Optional<Duration> maxFor(String groupDnNorm) {
        return Optional.ofNullable(groups.get(groupDnNorm)).flatMap(GroupTerm::maxDuration).or(() -> maxDuration);
    }

    /** T3: whether memberships of this group need an end date. */
    public boolean requiredFor(String groupDnNorm) {
        return Optional.ofNullable(groups.get(groupDnNorm)).flatMap(GroupTerm::requireEndDate).orElse(requireEndDate);
    }

    /** The instant a membership ending on {@code day} ends: the start of the next day, UTC. */
    public static Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The day (UTC) a membership ending at {@code end} last includes; the inverse of {@link #endOf}. */
    public static LocalDate lastDay(Instant end) {
        return end.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * T1-T3 for an approval or add of a membership of the group, at {@code now}.
     *
     * @param endDay the end date asked for, empty for none
     * @return allowed naming T1, or refused naming T2 (too late, or not after today) or T3 (none where one is needed)
     */
    public Decision check(String groupDnNorm, Optional<LocalDate> endDay, Instant now, String settingsVersion) {
        Objects.requireNonNull(endDay, "endDay");
        Optional<Duration> max = maxFor(groupDnNorm);
        if (endDay.isEmpty()) {
            if (requiredFor(groupDnNorm)) {
                return Decision.refuse("T3", "memberships of this group need an end date"
                        + max.map(m -> ", at most " + latestDay(m, now)).orElse(""), settingsVersion);
            }
            return Decision.allow("T1", "the membership has no end date", settingsVersion);
        }
        LocalDate day = endDay.get();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (!day.isAfter(today)) {
            return Decision.refuse("T2", "an end date must come after today (" + today + ", UTC)", settingsVersion);
        }
        if (max.isPresent() && endOf(day).isAfter(now.plus(max.get()))) {
            return Decision.refuse("T2", "memberships of this group may last at most " + days(max.get())
                    + ", so the latest end date is " + latestDay(max.get(), now), settingsVersion);
        }
        return Decision.allow("T1", "the membership ends after " + day, settingsVersion);
    }

    /**
     * T3 for a join nobody decides (P1): the end a required one gets, the maximum from now; empty when the group
     * needs none or has no maximum to give.
     */
    public Optional<Instant> endOfUndecidedJoin(String groupDnNorm, Instant now) {
        if (!requiredFor(groupDnNorm)) {
            return Optional.empty();
        }
        return maxFor(groupDnNorm).map(m -> endOf(latestDay(m, now)));
    }

    // The last day whose end lies within max of now.
    private static LocalDate latestDay(Duration max, Instant now) {
        return now.plus(max).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }

    private static String days(Duration d) {
        long days = d.toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : d.toHours() + " hours";
    }
}
