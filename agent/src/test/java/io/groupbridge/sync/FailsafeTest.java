package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failsafe's arithmetic (issue 5, point 8). */
class FailsafeTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final Failsafe failsafe = new Failsafe(0.30, 200, false, HOUR);

    @Test
    void removingUpToTheShareIsAllowedAndOneMoreIsNot() {
        assertThat(failsafe.entries("groups", 10, 7, 3, 0)).isEmpty();
        assertThat(failsafe.entries("groups", 10, 6, 4, 0)).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("would remove 4 of 10 groups (40 %, more than the maxRemovalShare of 30 %)"));
    }

    @Test
    void anEmptyAnswerWhileTheStoreHasEntriesIsRefusedWhateverTheShare() {
        assertThat(new Failsafe(0.99, 200, false, HOUR).entries("groups", 1, 0, 1, 0))
                .hasValueSatisfying(r -> assertThat(r)
                .startsWith("the directory returned no groups while the store has 1"));
        assertThat(failsafe.entries("groups", 0, 0, 0, 0)).isEmpty();
    }

    /** Issue 10, finding 3: an incremental run reads few entries by design, so only the share is checked. */
    @Test
    void reportedDeletionsAreHeldToTheShareWithoutTheEmptyAnswerCheck() {
        assertThat(failsafe.removals("groups", 1943, 582, 0)).isEmpty();
        assertThat(failsafe.removals("groups", 1943, 990, 0)).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("would remove 990 of 1943 groups (51 %, more than the maxRemovalShare of 30 %)"));
        assertThat(new Failsafe(1, 1, false, HOUR).removals("groups", 10, 10, 0)).isEmpty();
    }

    @Test
    void onlyLargeGroupsHaveTheirMemberRemovalsChecked() {
        assertThat(failsafe.members("cn=small", 199, 199)).isEmpty();
        assertThat(failsafe.members("cn=large", 200, 60)).isEmpty();
        assertThat(failsafe.members("cn=large", 200, 61)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("would remove 61 of the 200 members of cn=large"));
    }

    @Test
    void aShareOfOneSwitchesTheFailsafeOff() {
        Failsafe off = new Failsafe(1, 1, false, HOUR);
        assertThat(off.entries("people", 50, 0, 50, 0)).isEmpty();
        assertThat(off.members("cn=large", 500, 500)).isEmpty();
        // Off is off: not even counts no run produces (more removed than stored) make it speak.
        assertThat(off.removals("people", 1, 2, 0)).isEmpty();
        assertThat(off.members("cn=large", 1, 2)).isEmpty();
    }

    @Test
    void aShareOfZeroRefusesAnyRemovalAndAShareOutsideZeroToOneIsNoConf() {
        Failsafe none = new Failsafe(0, 1, false, HOUR);
        assertThat(none.removals("groups", 1000, 1, 0)).hasValue(
                "would remove 1 of 1000 groups (0 %, more than the maxRemovalShare of 0 %)");
        assertThat(none.members("cn=tiny", 1, 1)).isPresent();
        assertThatThrownBy(() -> new Failsafe(-0.01, 1, false, HOUR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRemovalShare must be between 0 and 1");
        assertThatThrownBy(() -> new Failsafe(1.01, 1, false, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Failsafe(0.3, 0, false, HOUR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("largeGroupThreshold must be at least 1");
        assertThatThrownBy(() -> new Failsafe(0.3, 1, false, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("removalWindow must not be negative");
    }

    @Test
    void aGroupAtTheThresholdIsLarge() {
        Failsafe fromTen = new Failsafe(0.30, 10, false, HOUR);
        assertThat(fromTen.members("cn=nine", 9, 9)).isEmpty();
        assertThat(fromTen.members("cn=ten", 10, 4)).hasValue(
                "would remove 4 of the 10 members of cn=ten (40 %, more than the maxRemovalShare of 30 %)");
    }

    /**
     * Issue 17: on a store without groups nothing can be removed, so a read that finds no people or no groups is
     * refused by itself, unless the conf allows an empty directory; a store with groups is left to the removal checks.
     */
    @Test
    void readingNoPeopleOrNoGroupsIntoAStoreWithoutGroupsIsRefusedUnlessAllowed() {
        assertThat(failsafe.emptyRead(0, 0, 0)).hasValue("read 0 people and 0 groups");
        assertThat(failsafe.emptyRead(0, 12, 0)).hasValue("read 12 people and 0 groups");
        assertThat(failsafe.emptyRead(0, 0, 3)).hasValue("read 0 people and 3 groups");
        assertThat(failsafe.emptyRead(0, 12, 3)).isEmpty();
        assertThat(failsafe.emptyRead(5, 0, 0)).isEmpty();
        assertThat(new Failsafe(1, 1, false, HOUR).emptyRead(0, 0, 0)).isPresent();
        assertThat(new Failsafe(0.30, 200, true, HOUR).emptyRead(0, 0, 0)).isEmpty();
    }

    /**
     * A deletion spread over several runs adds up: with 137 of 1 021 groups removed by an earlier run of the window,
     * removing 200 more (20 % of the 884 left) takes the window to 33 % and is refused; 150 more (28 %) is not.
     */
    @Test
    void removalsOfEarlierRunsInTheWindowCountWithThisRunsOwn() {
        assertThat(failsafe.removals("groups", 884, 150, 137)).isEmpty();
        assertThat(failsafe.removals("groups", 884, 200, 137)).hasValue("would remove 200 of 884 groups, 337 of 1021"
                + " with the 137 that runs removed in the last 1h (33 %, more than the maxRemovalShare of 30 %)");
        assertThat(failsafe.entries("people", 884, 684, 200, 137)).isPresent();
        assertThat(failsafe.removals("groups", 884, 0, 900)).isEmpty();
        assertThat(failsafe.removals("groups", 2, 2, 2)).as("as many stored as removed before").isPresent();
    }

    @Test
    void theWindowIsNamedInTheLargestUnitThatFitsIt() {
        assertThat(new Failsafe(0.30, 200, false, Duration.ofMinutes(90)).removals("groups", 10, 3, 2))
                .hasValueSatisfying(r -> assertThat(r).contains("in the last 90m ("));
        assertThat(new Failsafe(0.30, 200, false, Duration.ofSeconds(90)).removals("groups", 10, 3, 2))
                .hasValueSatisfying(r -> assertThat(r).contains("in the last 90s ("));
        assertThat(new Failsafe(0.30, 200, false, Duration.ofHours(2)).removals("groups", 10, 3, 2))
                .hasValueSatisfying(r -> assertThat(r).contains("in the last 2h ("));
    }

    @Test
    void earlierRunsCountOnlyWhenTheFailsafeIsOnAndHasAWindow() {
        assertThat(failsafe.countsEarlierRuns()).isTrue();
        assertThat(new Failsafe(0.30, 200, false, Duration.ZERO).countsEarlierRuns()).isFalse();
        assertThat(new Failsafe(1, 200, false, HOUR).countsEarlierRuns()).isFalse();
    }
}
