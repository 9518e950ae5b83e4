package io.groupbridge.sync;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.Eligibility;
import io.groupbridge.model.GroupKind;
import java.util.List;
import java.util.Objects;

/**
 * A group entry as read from the directory, already mapped to groupbridge's terms (spec G).
 *
 * @param id              stable id (entryUUID, objectGUID on Active Directory)
 * @param description     may be {@code null}
 * @param mail            may be {@code null}; a mail value makes a security group mail-enabled (G3)
 * @param membershipRule  may be {@code null}; present means dynamic (G5)
 * @param objectClass     the structural group class, e.g. groupOfNames or groupOfUniqueNames
 * @param memberAttribute the attribute that holds members, used for write-back
 * @param owners          distinct by normalized DN, in directory order
 * @param members         distinct by normalized DN, in directory order
 */
public record DirectoryGroup(
        String id,
        Dn dn,
        String name,
        String description,
        GroupKind kind,
        String mail,
        String membershipRule,
        boolean roleAssignable,
        Channel channel,
        String objectClass,
        String memberAttribute,
        List<Dn> owners,
        List<Dn> members) implements GroupRead {

    public DirectoryGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(objectClass, "objectClass");
        Objects.requireNonNull(memberAttribute, "memberAttribute");
        owners = List.copyOf(owners);
        members = List.copyOf(members);
    }

    public boolean mailEnabled() {
        return mail != null && !mail.isBlank();
    }

    public boolean dynamic() {
        return membershipRule != null && !membershipRule.isBlank();
    }

    public Eligibility eligibility() {
        return Eligibility.of(kind, mailEnabled(), dynamic(), roleAssignable);
    }

    /**
     * A digest of everything the store keeps of this entry ({@link Fingerprint}). Owner and member order does not
     * matter: the directory may return values in any order, and a reordering is no change.
     */
    @Override
    public long fingerprint() {
        long values = 0;
        for (Dn owner : owners) {
            values += Fingerprint.ofValue(true, owner.written());
        }
        for (Dn member : members) {
            values += Fingerprint.ofValue(false, member.written());
        }
        return Fingerprint.finish(fieldsFingerprint(), values);
    }

    /** The hash of the entry's single fields, the part of {@link #fingerprint()} that is not its values. */
    public long fieldsFingerprint() {
        return Fingerprint.ofFields(dn.written(), dn.normalized(), name, description, kind.wireName(), mail,
                membershipRule, Boolean.toString(roleAssignable), channel.wireName(), objectClass, memberAttribute);
    }

    /** This group with other owners and members. */
    public DirectoryGroup withValues(List<Dn> owners, List<Dn> members) {
        return new DirectoryGroup(id, dn, name, description, kind, mail, membershipRule, roleAssignable, channel,
                objectClass, memberAttribute, owners, members);
    }

    /** Already mapped. */
    @Override
    public DirectoryGroup group() {
        return this;
    }
}
