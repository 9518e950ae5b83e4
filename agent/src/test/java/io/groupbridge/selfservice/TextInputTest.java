package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * What a group name, a description and a justification may hold (spec A7, A8): names visible and plain, nothing
 * with control characters but the line breaks of a justification, and each within its length.
 */
class TextInputTest {

    @Test
    void aNameIsStrippedAndMayBeExactlyAsLongAsAllowedCountingCodePoints() {
        assertThat(TextInput.groupName("  Team Wiki ", 20)).isEqualTo("Team Wiki");
        assertThat(TextInput.groupName("\uD83D\uDE00".repeat(3), 3)).as("three emoji are three characters")
                .hasSize(6);
        assertThatThrownBy(() -> TextInput.groupName("abcd", 3)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NAME_TOO_LONG);
                    assertThat(e.getMessage()).isEqualTo("a group name may have at most 3 characters; this one has 4");
                });
        assertThatThrownBy(() -> TextInput.groupName(" ", 3)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem()).isEqualTo(InputProblem.NAME_BLANK));
        assertThatThrownBy(() -> TextInput.groupName(null, 3)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem()).isEqualTo(InputProblem.NAME_BLANK));
    }

    @Test
    void aNameWithAnInvisibleOrOddSpaceOrAControlCharacterIsRefused() {
        assertThatThrownBy(() -> TextInput.groupName("Team\u00A0Wiki", 20))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NAME_CHARACTER);
                    assertThat(e.getMessage()).startsWith("a group name must not contain U+00A0 (NO-BREAK SPACE)");
                });
        assertThatThrownBy(() -> TextInput.groupName("Team\u202EWiki", 20)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextInput.groupName("Team Wiki\u3000", 20))
                .as("checked before stripping").isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> TextInput.groupName("Team\u0007Wiki", 20))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.TEXT_CONTROL_CHARACTER);
                    assertThat(e.getMessage()).isEqualTo("a group name must not contain control characters (found"
                            + " U+0007)");
                });
        assertThatThrownBy(() -> TextInput.groupName("Team\nWiki", 20)).as("no line break in a name")
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDescriptionIsStrippedBlankIsNoneAndControlCharactersAndExcessAreRefused() {
        assertThat(TextInput.description("  the handbook ")).isEqualTo("the handbook");
        assertThat(TextInput.description(" ")).isNull();
        assertThat(TextInput.description(null)).isNull();
        assertThat(TextInput.description("x".repeat(TextInput.MAX_DESCRIPTION))).hasSize(TextInput.MAX_DESCRIPTION);
        assertThatThrownBy(() -> TextInput.description("x".repeat(TextInput.MAX_DESCRIPTION + 1)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.TEXT_TOO_LONG));
        assertThatThrownBy(() -> TextInput.description("line\none")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem()).isEqualTo(InputProblem.TEXT_CONTROL_CHARACTER));
    }

    @Test
    void aJustificationMayBreakLinesAndTabButHoldNoOtherControlCharacterNorExceedItsLength() {
        assertThat(TextInput.text(" I run\r\nthe payroll\tteam ", "a justification"))
                .isEqualTo("I run\r\nthe payroll\tteam");
        assertThat(TextInput.text(null, "a reason")).isEmpty();
        assertThat(TextInput.text("x".repeat(TextInput.MAX_TEXT), "a reason")).hasSize(TextInput.MAX_TEXT);
        assertThatThrownBy(() -> TextInput.text("x".repeat(TextInput.MAX_TEXT + 1), "a reason"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.TEXT_TOO_LONG);
                    assertThat(e.getMessage()).isEqualTo("a reason may have at most " + TextInput.MAX_TEXT
                            + " characters");
                });
        assertThatThrownBy(() -> TextInput.text("stop\u001B[2J", "a reason"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("a reason must not contain control characters"
                                + " (found U+001B)"));
    }
}
