package io.groupbridge.selfservice;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.GroupFacts;
import java.util.Objects;
import java.util.Set;

/**
 * A group as the store holds it, in the terms the action service needs.
 *
 * @param id          the directory's stable id, or a generated UUID while {@link #creating()}
 * @param dn          as the directory (or the creator) wrote it, and normalized: the identity used in every
 *                    comparison
 * @param description may be {@code null}
 * @param state       {@code active}, {@code creating} (made through self-service, not yet in the directory) or
 *                    {@code deleted}
 */
public record StoredGroup(String id, Dn dn, String name, String description, GroupKind kind,
        boolean mailEnabled, boolean dynamic, boolean roleAssignable, Channel channel, JoinPolicy policy,
        String state) {

    public static final String ACTIVE = "active";
    public static final String CREATING = "creating";
    public static final String DELETED = "deleted";

    public StoredGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(state, "state");
    }

    public boolean creating() {
        return CREATING.equals(state);
    }

    public boolean deleted() {
        return DELETED.equals(state);
    }

    /** @param owners normalized DNs of the owners as they stand once pending write-backs apply */
    public GroupFacts facts(Set<String> owners) {
        return new GroupFacts(dn.normalized(), name, kind, mailEnabled, dynamic, roleAssignable, policy, owners);
    }
}
