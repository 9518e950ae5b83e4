package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.GroupKind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What an access review covers (spec V1) and how its verdicts and states are spelled, on their own: one group or a
 * filter, never both nor neither; a name pattern where only {@code *} and {@code ?} mean anything.
 */
class ReviewScopeTest {

    @Test
    void aReviewIsOfOneGroupOrOfAFilterNeverBothNorNeither() { // spec V1
        assertThatThrownBy(() -> new ReviewScope(Optional.of("Payroll"), Optional.of("Pay*"), Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.INVALID_REVIEW);
                    assertThat(e.getMessage()).contains("not both");
                });
        assertThatThrownBy(() -> new ReviewScope(Optional.of("Payroll"), Optional.empty(),
                Optional.of(GroupKind.UNIFIED))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ReviewScope.matching(Optional.of("  "), Optional.empty()))
                .as("a blank pattern is none").isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("needs a group, or a name pattern or kind"));
        assertThatThrownBy(() -> new ReviewScope(Optional.of(" "), Optional.empty(), Optional.empty()))
                .as("a blank group is none").isInstanceOf(InvalidInputException.class);

        assertThat(ReviewScope.ofGroup(" Payroll ").group()).contains("Payroll");
        assertThat(new ReviewScope(Optional.of("Payroll"), Optional.of(" "), Optional.empty()).namePattern())
                .isEmpty();
        assertThat(ReviewScope.matching(Optional.of(" Pay* "), Optional.empty()).namePattern()).contains("Pay*");
    }

    @Test
    void aPatternMatchesWholeNamesIgnoringCaseWithStarAndQuestionMarkOnly() { // spec V1
        ReviewScope pay = ReviewScope.matching(Optional.of("pay*"), Optional.empty());
        ReviewScope team = ReviewScope.matching(Optional.of("Team ?"), Optional.empty());
        ReviewScope literal = ReviewScope.matching(Optional.of("a.b (c)+"), Optional.empty());

        assertThat(pay.matches("Payroll", GroupKind.SECURITY)).isTrue();
        assertThat(pay.matches("PAY", GroupKind.UNIFIED)).isTrue();
        assertThat(pay.matches("Old Payroll", GroupKind.UNIFIED)).as("the whole name").isFalse();
        assertThat(team.matches("team a", GroupKind.UNIFIED)).isTrue();
        assertThat(team.matches("Team ab", GroupKind.UNIFIED)).isFalse();
        assertThat(literal.matches("a.b (c)+", GroupKind.UNIFIED)).isTrue();
        assertThat(literal.matches("axb (c)", GroupKind.UNIFIED)).as("regex characters are literal").isFalse();
        assertThat(ReviewScope.matching(Optional.of("line*"), Optional.empty()).matches("line\nbreak",
                GroupKind.UNIFIED)).isTrue();
    }

    @Test
    void aKindNarrowsTheFilterAndTheScopeSaysSoInWords() { // spec V1, V4
        ReviewScope unified = ReviewScope.matching(Optional.empty(), Optional.of(GroupKind.UNIFIED));
        ReviewScope both = ReviewScope.matching(Optional.of("Pay*"), Optional.of(GroupKind.SECURITY));

        assertThat(unified.matches("Anything", GroupKind.UNIFIED)).isTrue();
        assertThat(unified.matches("Anything", GroupKind.SECURITY)).isFalse();
        assertThat(both.matches("Payroll", GroupKind.SECURITY)).isTrue();
        assertThat(both.matches("Payroll", GroupKind.UNIFIED)).isFalse();
        assertThat(both.matches("Wiki", GroupKind.SECURITY)).isFalse();
        assertThat(unified.describe()).isEqualTo("groups of kind " + GroupKind.UNIFIED.wireName());
        assertThat(both.describe()).isEqualTo("groups named Pay* of kind " + GroupKind.SECURITY.wireName());
        assertThat(ReviewScope.matching(Optional.of("Pay*"), Optional.empty()).describe())
                .isEqualTo("groups named Pay*");
    }

    @Test
    void verdictsAndStatesReadTheirWireNames() { // spec V2, V3
        assertThat(ReviewVerdict.fromWireName(" Keep ")).isEqualTo(ReviewVerdict.KEEP);
        assertThat(ReviewVerdict.fromWireName("remove")).isEqualTo(ReviewVerdict.REMOVE);
        assertThat(ReviewVerdict.REMOVE.wireName()).isEqualTo("remove");
        assertThatThrownBy(() -> ReviewVerdict.fromWireName(null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.INVALID_REVIEW);
                    assertThat(e.getMessage()).isEqualTo("unknown review decision 'null', expected keep or remove");
                });
        assertThat(AccessReview.State.fromWireName(" held ")).isEqualTo(AccessReview.State.HELD);
        assertThat(AccessReview.State.CLOSED.wireName()).isEqualTo("closed");
    }
}
