package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Spec B3: one page of a group's effective members, or the refusal (A2) that kept the actor from them.
 *
 * @param total how many effective members the group has in all; 0 when refused
 */
public record EffectiveMembers(Optional<Decision> refusal, List<EffectiveMember> items, int total) {

    public EffectiveMembers {
        Objects.requireNonNull(refusal, "refusal");
        items = List.copyOf(items);
    }
}
