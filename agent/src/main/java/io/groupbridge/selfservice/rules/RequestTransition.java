package io.groupbridge.selfservice.rules;

import java.util.Objects;

/**
 * The result of applying a {@link RequestEvent} to a join request.
 *
 * @param allowed whether the event is accepted; a refused event leaves the request as it was
 * @param state   the request's state afterwards
 * @param changed whether {@code state} differs from before; false for a repeated decision or a no-op sweep
 * @param rule    the spec rule that settled it, e.g. {@code R1}
 * @param reason  for a refusal, why, in words a user understands; for a cancellation or expiry, the reason stored
 *                with the request ("group deleted", "policy changed", ...)
 */
public record RequestTransition(boolean allowed, RequestState state, boolean changed, String rule, String reason) {

    public RequestTransition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        if (rule.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("rule and reason must not be blank");
        }
        if (changed && !allowed) {
            throw new IllegalArgumentException("a refused transition cannot change the state");
        }
    }
}
