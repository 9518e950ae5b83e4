package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The failsafe's arithmetic (issue 5, point 8). */
class FailsafeTest {

    private final Failsafe failsafe = new Failsafe(0.30, 200);

    @Test
    void removingUpToTheShareIsAllowedAndOneMoreIsNot() {
        assertThat(failsafe.entries("groups", 10, 7, 3)).isEmpty();
        assertThat(failsafe.entries("groups", 10, 6, 4)).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("would remove 4 of 10 groups (40 %, more than the maxRemovalShare of 30 %)"));
    }

    @Test
    void anEmptyAnswerWhileTheStoreHasEntriesIsRefusedWhateverTheShare() {
        assertThat(new Failsafe(0.99, 200).entries("groups", 1, 0, 1)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("the directory returned no groups while the store has 1"));
        assertThat(failsafe.entries("groups", 0, 0, 0)).isEmpty();
    }

    /** Issue 10, finding 3: an incremental run reads few entries by design, so only the share is checked. */
    @Test
    void reportedDeletionsAreHeldToTheShareWithoutTheEmptyAnswerCheck() {
        assertThat(failsafe.removals("groups", 1943, 582)).isEmpty();
        assertThat(failsafe.removals("groups", 1943, 990)).hasValueSatisfying(r -> assertThat(r)
                .isEqualTo("would remove 990 of 1943 groups (51 %, more than the maxRemovalShare of 30 %)"));
        assertThat(new Failsafe(1, 1).removals("groups", 10, 10)).isEmpty();
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
        Failsafe off = new Failsafe(1, 1);
        assertThat(off.entries("people", 50, 0, 50)).isEmpty();
        assertThat(off.members("cn=large", 500, 500)).isEmpty();
    }
}
