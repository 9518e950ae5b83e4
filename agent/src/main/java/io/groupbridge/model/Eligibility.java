package io.groupbridge.model;

import java.util.Optional;

/**
 * Whether self-service applies to a group at all (spec G1-G6). An ineligible group is still reconciled and shown;
 * every self-service action on it is refused with {@link #reason()}.
 *
 * @param rule   the spec rule that makes the group ineligible (G3-G6), empty when eligible
 * @param reason words a user understands, empty when eligible
 */
public record Eligibility(Optional<String> rule, Optional<String> reason) {

    private static final Eligibility ELIGIBLE = new Eligibility(Optional.empty(), Optional.empty());

    public Eligibility {
        if (rule.isPresent() != reason.isPresent()) {
            throw new IllegalArgumentException("rule and reason go together");
        }
    }

    public boolean eligible() {
        return rule.isEmpty();
    }

    /** Dynamic membership (G5) and role-assignability (G6) are checked before kind, since they apply to every kind. */
    public static Eligibility of(GroupKind kind, boolean mailEnabled, boolean dynamic, boolean roleAssignable) {
        if (dynamic) {
            return refused("G5", "its members come from a membership rule and are never edited by hand");
        }
        if (roleAssignable) {
            return refused("G6", "it can be assigned to roles, so only administrators manage its members");
        }
        if (kind == GroupKind.DISTRIBUTION) {
            return refused("G4", "distribution lists are not managed through self-service");
        }
        if (kind == GroupKind.SECURITY && mailEnabled) {
            return refused("G3", "mail-enabled security groups are not managed through self-service");
        }
        return ELIGIBLE;
    }

    private static Eligibility refused(String rule, String reason) {
        return new Eligibility(Optional.of(rule), Optional.of(reason));
    }
}
