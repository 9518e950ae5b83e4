package io.groupbridge.selfservice.rules;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "may this actor do this?". Every decision names the spec rule that settled it and says why in words
 * a user understands (spec A15); the settings version goes to the audit log with it (S8).
 *
 * @param rule            the spec rule id that decided, e.g. {@code A4}, {@code S1}, {@code L3}, {@code G5}
 * @param reason          the explanation shown to the user, without the rule id
 * @param outcome         present for joins only: what the join leads to, {@link JoinOutcome#REFUSED} exactly when
 *                        not allowed
 * @param settingsVersion {@link TenantSettings#version()} of the settings the decision used
 */
public record Decision(boolean allowed, String rule, String reason, Optional<JoinOutcome> outcome, String settingsVersion) {

    public Decision {
        requireNonBlank(rule, "rule");
        requireNonBlank(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
        requireNonBlank(settingsVersion, "settingsVersion");
        if (outcome.isPresent() && allowed == (outcome.get() == JoinOutcome.REFUSED)) {
            throw new IllegalArgumentException("a join outcome of " + outcome.get() + " contradicts allowed=" + allowed);
        }
    }

    public static Decision allow(String rule, String reason, String settingsVersion) {
        return new Decision(true, rule, reason, Optional.empty(), settingsVersion);
    }

    public static Decision refuse(String rule, String reason, String settingsVersion) {
        return new Decision(false, rule, reason, Optional.empty(), settingsVersion);
    }

    /** The sentence for the user, naming the rule as A15 asks: "only the owners ... (spec P3)". */
    public String message() {
        return reason + " (spec " + rule + ")";
    }

    Decision asJoin(JoinOutcome joinOutcome) {
        return new Decision(allowed, rule, reason, Optional.of(joinOutcome), settingsVersion);
    }

    private static void requireNonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
