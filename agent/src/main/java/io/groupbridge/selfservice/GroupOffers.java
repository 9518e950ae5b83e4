package io.groupbridge.selfservice;

import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.Decision;
import java.util.List;
import java.util.Set;

/**
 * What a group's page may offer an actor (A5, A8-A10, A12), from {@link SelfServiceViews#offers}: each decision is the
 * rules' own, asked with the facts the actions decide on, so a page offers no button its action would refuse and can
 * show the rule's sentence instead.
 *
 * @param addMember        adding a person who is not blocked (A5); an owner adding a blocked one is still refused by
 *                         the action (A12)
 * @param removeMember     removing a member (A5)
 * @param makeOwner        making a member an owner (A9 with S6)
 * @param makeAnyoneOwner  making a person who is not a member an owner (administrators only, A9)
 * @param removableOwners  the owners, as {@link MembershipService#owners} names them, the actor may remove (A10: never
 *                         the last)
 * @param policies         the join policies the actor may switch the group to (A8 with S3/S4, L2)
 * @param editPolicy       the refusal when {@code policies} is empty, else an allowed decision
 * @param block            blocking a person from the group (A12)
 */
public record GroupOffers(Decision addMember, Decision removeMember, Decision makeOwner, Decision makeAnyoneOwner,
        Set<String> removableOwners, List<JoinPolicy> policies, Decision editPolicy, Decision block) {
    public GroupOffers {
        removableOwners = Set.copyOf(removableOwners);
        policies = List.copyOf(policies);
    }
}
