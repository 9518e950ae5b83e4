package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The expiration policy's arithmetic (spec E1, E2, E4, E5), table-driven. */
class GroupExpiryTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private final GroupExpiry policy = new GroupExpiry(Optional.of(Duration.ofDays(180)), Set.of(GroupKind.UNIFIED),
            List.of(1, 30, 15), Duration.ofDays(30));

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @Test
    void onlyTheConfiguredKindsExpireAndNothingWithoutALifetime() { // spec E1
        assertThat(policy.covers(GroupKind.UNIFIED)).isTrue();
        assertThat(policy.covers(GroupKind.SECURITY)).isFalse();
        assertThat(GroupExpiry.none().covers(GroupKind.UNIFIED)).isFalse();
    }

    @ParameterizedTest(name = "created day {0}, renewed day {1}, policy from day {2}: expires day {3}")
    @CsvSource({
        "0,   ,  0, 180", // E1: from creation
        "0, 50,  0, 230", // E1: from the last renewal
        "0,   , 40, 220", // E5: a group older than the policy counts from the policy's first run
        "60,  , 40, 240", // E5: a group newer than the policy counts from its creation
        "0, 20, 40, 220" // E5: a renewal before the policy started does not count for less
    })
    void aLifetimeCountsFromTheLatestOfCreationRenewalAndThePolicysStart(int created, Integer renewed, int start,
            int expires) { // spec E1, E5
        assertThat(policy.expiresAt(day(created), Optional.ofNullable(renewed).map(GroupExpiryTest::day),
                day(start))).isEqualTo(day(expires));
    }

    @ParameterizedTest(name = "{0} days left, closest sent {1}: remind at {2}")
    @CsvSource({
        "31,   ,",
        "30,   , 30",
        "20,   , 30",
        "20, 30,",
        "10,   , 15", // found after two thresholds passed: the closest one only
        "10, 30, 15",
        "10, 15,",
        "1,  15, 1",
        "0,    ,"
    })
    void theClosestReminderDueIsSentOnce(int daysLeft, Integer closestSent, Integer due) { // spec E2
        Instant expiresAt = day(180);
        assertThat(policy.reminderDue(expiresAt, expiresAt.minus(Duration.ofDays(daysLeft)),
                Optional.ofNullable(closestSent))).isEqualTo(Optional.ofNullable(due));
    }

    @Test
    void anExpiredGroupMayBeRestoredForTheWindow() { // spec E4
        assertThat(policy.restoreUntil(day(180))).isEqualTo(day(210));
    }
}
