package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an action led to. A refusal names the rule that refused it (spec A15); an allowed action may still have
 * changed nothing (a repeated decision, adding someone who already is a member), which {@link #changed()} tells.
 *
 * @param message   for the user: the reason with the rule id for refusals, what happened otherwise
 * @param requestId the join request created or decided, when there is one
 * @param groupId   the group acted on, when there is one (a created group's generated id)
 * @param outboxIds write-back rows added, in order
 */
public record ActionResult(boolean allowed, boolean changed, String rule, String message, Optional<Long> requestId,
        Optional<String> groupId, List<Long> outboxIds) {

    public ActionResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(groupId, "groupId");
        outboxIds = List.copyOf(outboxIds);
    }

    static ActionResult refused(Decision decision) {
        return new ActionResult(false, false, decision.rule(), decision.message(), Optional.empty(), Optional.empty(),
                List.of());
    }

    static ActionResult refused(String rule, String reason) {
        return new ActionResult(false, false, rule, reason + " (spec " + rule + ")", Optional.empty(), Optional.empty(),
                List.of());
    }

    static ActionResult unchanged(String rule, String message) {
        return new ActionResult(true, false, rule, message, Optional.empty(), Optional.empty(), List.of());
    }

    static ActionResult done(String rule, String message, Long requestId, String groupId, List<Long> outboxIds) {
        return new ActionResult(true, true, rule, message, Optional.ofNullable(requestId), Optional.ofNullable(groupId),
                outboxIds);
    }
}
