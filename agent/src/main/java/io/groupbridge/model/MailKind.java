package io.groupbridge.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a queued mail tells its recipient (spec M1, T7, E2, V5); each kind has its own template, {@code <wireName>.txt} in the
 * conf's mail templates folder.
 */
public enum MailKind {
    /** A new join request, to each owner of the group. */
    REQUEST_NEW,
    /** T6: a member asks to stay longer, to each owner of the group. */
    REQUEST_EXTEND,
    /** An approval, to the requester. */
    REQUEST_APPROVED,
    /** A denial, to the requester. */
    REQUEST_DENIED,
    /** T7: the membership of the recipient ends soon. */
    MEMBERSHIP_ENDING,
    /** T7: a membership of a group the recipient owns ends soon. */
    MEMBERSHIP_ENDING_OWNER,
    /** E2: a group the recipient owns expires soon unless renewed. */
    GROUP_EXPIRING,
    /** E2: a group nobody owns expires soon, to each administrator, who renews it. */
    GROUP_EXPIRING_OWNERLESS,
    /** V5: the recipient still has members to decide in an access review whose deadline is near. */
    REVIEW_REMINDER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MailKind fromWireName(String wire) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mail kind: " + wire));
    }
}
