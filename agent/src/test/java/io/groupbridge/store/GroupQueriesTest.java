package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bound of the name-start search's range (issue 12, point 6). */
class GroupQueriesTest {

    @Test
    void theRangeOfANameStartEndsAtThePrefixWithItsLastCharacterOneHigher() {
        assertThat(GroupQueries.after("group0012")).contains("group0013");
        assertThat(GroupQueries.after("fin!")).contains("fin\"");
        assertThat(GroupQueries.after("a\ud7fe")).contains("a\ud7ff");
    }

    // A bound that would be a surrogate, or a prefix whose UTF-16 and code point orders differ, gets no range: the
    // search then matches with LIKE alone, which is exact in any order.
    @Test
    void aPrefixWithoutASimpleBoundGetsNoRange() {
        assertThat(GroupQueries.after("")).isEqualTo(Optional.empty());
        assertThat(GroupQueries.after("a\ud7ff")).isEmpty();
        assertThat(GroupQueries.after("a\ue000")).isEmpty();
        assertThat(GroupQueries.after("a\ud83d\ude00")).isEmpty();
    }
}
