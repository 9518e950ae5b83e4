package io.groupbridge.selfservice.rules;

import io.groupbridge.model.Eligibility;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.Objects;
import java.util.Set;

/**
 * What the rules need to know about one group. Whether the actor or a target person is a member or blocked is
 * passed with each {@link Action}, so one instance serves every actor.
 *
 * @param dn             normalized DN
 * @param name           display name, for messages
 * @param mailEnabled    has a mail value (with {@link GroupKind#SECURITY}: G3)
 * @param dynamic        has a membership rule (G5)
 * @param roleAssignable carries the role-assignable flag (G6)
 * @param owners         normalized DNs of the owners; empty for groups nobody owns, such as portal-made security groups
 */
public record GroupFacts(String dn, String name, GroupKind kind, boolean mailEnabled, boolean dynamic,
                         boolean roleAssignable, JoinPolicy policy, Set<String> owners) {

    public GroupFacts {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        owners = Set.copyOf(Objects.requireNonNull(owners, "owners"));
    }

    public Eligibility eligibility() {
        return Eligibility.of(kind, mailEnabled, dynamic, roleAssignable);
    }

    public boolean isOwner(String actorDn) {
        return owners.contains(actorDn);
    }
}
