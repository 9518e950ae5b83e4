package io.groupbridge.selfservice;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether the actions queue mail (spec M1-M3) and how early memberships are reminded of their end (T7).
 *
 * @param enabled      whether the conf sets up SMTP; without it nothing is queued and nobody is reminded
 * @param remindBefore T7: how long before its end a membership is reminded of
 */
public record MailNotices(boolean enabled, Duration remindBefore) {

    public MailNotices {
        Objects.requireNonNull(remindBefore, "remindBefore");
        if (remindBefore.isNegative()) {
            throw new IllegalArgumentException("remindBefore must not be negative");
        }
    }

    /** No mail. */
    public static MailNotices none() {
        return new MailNotices(false, Duration.ZERO);
    }
}
