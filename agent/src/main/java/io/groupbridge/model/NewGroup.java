package io.groupbridge.model;

import java.util.List;
import java.util.Objects;

/**
 * A group to create in the directory through groupbridge (a {@code create-group} outbox row).
 *
 * @param description     may be {@code null}
 * @param policy          kept by the store only; LDAP has no place for it
 * @param channel         the creation channel, written where the mapping has a channel attribute
 * @param objectClasses   every class the entry gets, as the mapping named them when the group was asked for
 * @param memberAttribute member or uniqueMember, matching the structural class
 */
public record NewGroup(String dn, String name, GroupKind kind, String description, JoinPolicy policy, Channel channel,
        List<String> owners, List<String> members, List<String> objectClasses, String memberAttribute) {

    public NewGroup {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(memberAttribute, "memberAttribute");
        owners = List.copyOf(owners);
        members = List.copyOf(members);
        objectClasses = List.copyOf(objectClasses);
        if (objectClasses.isEmpty()) {
            throw new IllegalArgumentException("a new group needs its object classes");
        }
    }
}
