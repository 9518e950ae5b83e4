package io.groupbridge.config;

import io.groupbridge.model.GroupKind;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code governance} section (spec T and N tables, issue 16).
 *
 * @param naming     N1-N5: the naming policy of groups people create
 * @param membership T1-T4: memberships that end
 * @param reviews    V1, V3: the access reviews the daemon starts and closes
 * @param expiration E1-E4: groups that expire unless renewed
 */
public record GovernanceConfig(Naming naming, Membership membership, Reviews reviews,
        Expiration expiration) {

    public GovernanceConfig {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(reviews, "reviews");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** T7: a week's notice, time to ask an owner to extend. */
    public static final Duration DEFAULT_REMIND_BEFORE = Duration.ofDays(7);

    public static GovernanceConfig defaults() {
        return new GovernanceConfig(new Naming("", "", List.of()), new Membership(Optional.empty(), false,
                Duration.ofHours(1), List.of(), DEFAULT_REMIND_BEFORE), new Reviews(Duration.ofHours(1), List.of(),
                Reviews.DEFAULT_REMINDERS),
                Expiration.defaults());
    }

    /**
     * @param checkEvery how often the daemon starts the scheduled reviews that are due and closes the reviews whose
     *                   deadline came (V1, V3)
     * @param schedules  the reviews the conf starts on its own
     * @param remindBefore V5: days before a review's deadline at which its reviewers with members left to decide
     *                   are mailed a reminder, largest first
     */
    public record Reviews(Duration checkEvery, List<ReviewSchedule> schedules, List<Integer> remindBefore) {

        /** V5: a week's notice, and a last call the day before. */
        public static final List<Integer> DEFAULT_REMINDERS = List.of(7, 1);

        public Reviews {
            Objects.requireNonNull(checkEvery, "checkEvery");
            schedules = List.copyOf(schedules);
            remindBefore = remindBefore.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        }
    }

    /**
     * A review the daemon starts every {@code every}, lasting {@code duration} (V1).
     *
     * @param name          unique among the schedules; the reviews it starts carry it
     * @param group         one group's DN; empty for a filter
     * @param namePattern   the filter's name pattern ({@code *} and {@code ?}); empty for any name
     * @param kind          the filter's group kind; empty for any kind
     * @param defaultRemove whether the members nobody decided are removed at the deadline (V3), else kept
     * @param reviewer      a person's DN who decides instead of the owners; empty for the owners
     */
    public record ReviewSchedule(String name, Optional<String> group, Optional<String> namePattern,
            Optional<String> kind, Duration every, Duration duration, boolean defaultRemove,
            Optional<String> reviewer) {
        public ReviewSchedule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(namePattern, "namePattern");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(reviewer, "reviewer");
        }
    }

    /**
     * @param lifetime      E1: how long a group of {@code kinds} lives after its creation or last renewal; empty
     *                      switches expiration off
     * @param kinds         the group kinds that expire
     * @param remindBefore  E2: days before the expiry at which the owners are reminded, largest first
     * @param restoreWindow E3, E4: how long an expired group stays restorable
     * @param checkEvery    how often the daemon reminds and expires
     */
    public record Expiration(Optional<Duration> lifetime, Set<GroupKind> kinds, List<Integer> remindBefore,
            Duration restoreWindow, Duration checkEvery) {

        public static final List<Integer> DEFAULT_REMINDERS = List.of(30, 15, 1);

        public Expiration {
            Objects.requireNonNull(lifetime, "lifetime");
            Objects.requireNonNull(restoreWindow, "restoreWindow");
            Objects.requireNonNull(checkEvery, "checkEvery");
            kinds = Set.copyOf(kinds);
            remindBefore = remindBefore.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        }

        public static Expiration defaults() {
            return new Expiration(Optional.empty(), Set.of(GroupKind.UNIFIED), DEFAULT_REMINDERS,
                    Duration.ofDays(30), Duration.ofHours(1));
        }

        /** Whether groups of {@code kind} expire under this policy. */
        public boolean covers(GroupKind kind) {
            return lifetime.isPresent() && kinds.contains(kind);
        }
    }

    /**
     * @param prefix       put before the name a user types; {@code [Attribute]} is the creator's value of it
     * @param suffix       put after it
     * @param blockedWords words a name typed may not contain
     */
    public record Naming(String prefix, String suffix, List<String> blockedWords) {
        public Naming {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(suffix, "suffix");
            blockedWords = List.copyOf(blockedWords);
        }
    }

    /**
     * @param maxDuration    T2: the longest a membership with an end date may last, for groups without their own;
     *                       empty for no limit
     * @param requireEndDate T3: whether every approval and add needs an end date
     * @param checkEvery     T4: how often the daemon ends the memberships whose end date came
     * @param groups         per-group maximum and requirement, which win over the tenant's
     * @param remindBefore   T7: how long before its end the member and the owners are mailed a reminder
     */
    public record Membership(Optional<Duration> maxDuration, boolean requireEndDate, Duration checkEvery,
            List<GroupTerm> groups, Duration remindBefore) {
        public Membership {
            Objects.requireNonNull(maxDuration, "maxDuration");
            Objects.requireNonNull(checkEvery, "checkEvery");
            groups = List.copyOf(groups);
            Objects.requireNonNull(remindBefore, "remindBefore");
        }
    }

    /**
     * @param group          the group's DN, as written in the conf
     * @param maxDuration    empty for the tenant's
     * @param requireEndDate empty for the tenant's
     */
    public record GroupTerm(String group, Optional<Duration> maxDuration, Optional<Boolean> requireEndDate) {
        public GroupTerm {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(maxDuration, "maxDuration");
            Objects.requireNonNull(requireEndDate, "requireEndDate");
        }
    }
}
