package io.groupbridge.selfservice;

import java.util.Locale;

/**
 * What is wrong with input no rule is asked about, as a code that stays the same across versions, so that the API
 * and scripts can tell the cases apart and each surface (command line, web panel) can add its own advice to the
 * sentence, which names no flag or field of any of them.
 */
public enum InputProblem {
    NAME_BLANK,
    NAME_TOO_LONG,
    NAME_CHARACTER,
    TEXT_TOO_LONG,
    TEXT_CONTROL_CHARACTER,
    KIND_NOT_RECORDABLE,
    OWNER_REQUIRED,
    NAME_TAKEN,
    NAME_IS_A_DN,
    NAME_LIKE_A_DN,
    GROUP_BEING_CREATED,
    NOTHING_TO_CHANGE,
    REASON_REQUIRED,
    NOT_A_MEMBER,
    NOT_AN_OWNER,
    GROUP_DELETED,
    GROUP_BEING_DELETED,
    GROUP_REQUIRED,
    NO_SUCH_GROUP,
    AMBIGUOUS_GROUP,
    NOT_A_PERSON,
    PERSON_REQUIRED,
    NO_SUCH_PERSON,
    AMBIGUOUS_PERSON,
    NO_SUCH_REQUEST,
    /** A date typed in a form that is none (an end date, spec T1). */
    DATE_INVALID,
    NO_SUCH_REVIEW,
    INVALID_REVIEW,
    NOT_IN_REVIEW,
    NOT_EXPIRING,
    NOT_EXPIRED;

    /** @return the stable code, e.g. {@code owner-required} */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
