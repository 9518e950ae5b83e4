package io.groupbridge.sync;

import io.groupbridge.selfservice.GroupKind;
import io.groupbridge.selfservice.JoinPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A group to create in the directory through groupbridge (a {@code create-group} outbox row).
 *
 * @param description     may be {@code null}
 * @param policy          kept by the store only; LDAP has no place for it
 * @param objectClass     groupOfNames or groupOfUniqueNames
 * @param memberAttribute member or uniqueMember, matching the object class
 */
public record NewGroup(String dn, String name, GroupKind kind, String description, JoinPolicy policy,
        List<String> owners, List<String> members, String objectClass, String memberAttribute) {

    public NewGroup {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(objectClass, "objectClass");
        Objects.requireNonNull(memberAttribute, "memberAttribute");
        owners = List.copyOf(owners);
        members = List.copyOf(members);
    }
}
