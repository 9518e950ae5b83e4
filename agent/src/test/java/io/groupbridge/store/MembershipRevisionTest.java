package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which readings of memberships a commit leaves standing (the actor of a signed-in person, issue 12 point 6). */
class MembershipRevisionTest {

    private static final String ANN = "uid=ann,ou=people,dc=example,dc=com";
    private static final String BEN = "uid=ben,ou=people,dc=example,dc=com";
    private static final String STAFF = "cn=staff,ou=groups,dc=example,dc=com";
    private static final String ADMINS = "cn=admins,ou=groups,dc=example,dc=com";

    private final MembershipRevision revision = new MembershipRevision();

    @Test
    void aReadingStandsWhileNothingIsCommitted() {
        long read = revision.current();

        assertThat(revision.unchangedSince(read, ANN, Set.of(STAFF))).isTrue();
    }

    @Test
    void aWriteBackOfAPersonsValueEndsThatPersonsReadingOnly() {
        long read = revision.current();

        revision.committed(List.of(ANN));

        assertThat(revision.unchangedSince(read, ANN, Set.of(STAFF))).isFalse();
        assertThat(revision.unchangedSince(read, BEN, Set.of(STAFF))).isTrue();
        assertThat(revision.unchangedSince(revision.current(), ANN, Set.of(STAFF))).as("read after it").isTrue();
    }

    @Test
    void aWriteBackOfAGroupValueEndsTheReadingsOfEveryoneInThatGroup() {
        long read = revision.current();

        // staff became (or stopped being) a member of admins: everyone in staff gains or loses admins.
        revision.committed(List.of(STAFF));

        assertThat(revision.unchangedSince(read, ANN, Set.of(STAFF))).isFalse();
        assertThat(revision.unchangedSince(read, BEN, Set.of(ADMINS))).isTrue();
    }

    @Test
    void aReconcileEndsEveryReadingBeforeIt() {
        long read = revision.current();

        revision.committed();

        assertThat(revision.unchangedSince(read, BEN, Set.of())).isFalse();
        assertThat(revision.unchangedSince(revision.current(), BEN, Set.of())).isTrue();
    }

    @Test
    void aReadingOlderThanTheValuesKeptIsNotTrusted() {
        long read = revision.current();

        IntStream.range(0, 5000).forEach(i -> revision.committed(List.of("uid=p" + i + ",ou=people,dc=example,dc=com")));

        assertThat(revision.unchangedSince(read, BEN, Set.of())).isFalse();
        assertThat(revision.unchangedSince(revision.current() - 1, BEN, Set.of())).as("recent enough").isTrue();
    }
}
