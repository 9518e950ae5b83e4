package io.groupbridge.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A kind of directory server ({@code mapping.profile}): the mapping and search defaults that fit it. Keys set in the
 * conf still override each default. Which attribute tracks changes is the profile's alone, since it follows from
 * what the server maintains.
 */
public enum DirectoryProfile {

    /** {@code groupOfNames}/{@code groupOfUniqueNames}, RFC 4530 {@code entryUUID}, {@code modifyTimestamp}. */
    OPENLDAP("openldap", "entryUUID", List.of("uid", "mail", "cn"), "inetOrgPerson", List.of("member", "uniqueMember"),
            "owner", List.of(), "gbGroupKind", "(objectClass=inetOrgPerson)",
            "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", null, List.of("groupOfNames", "gbGroup"),
            "gbCreationChannel"),

    /**
     * As OpenLDAP, but keyed by {@code nsUniqueId}: every 389-DS entry has one from its creation and keeps it across
     * renames, whereas {@code entryUUID} needs a plug-in that older servers lack and that leaves older entries without.
     */
    DS389("389ds", "nsUniqueId", List.of("uid", "mail", "cn"), "inetOrgPerson", List.of("member", "uniqueMember"),
            "owner", List.of(), "gbGroupKind", "(objectClass=inetOrgPerson)",
            "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", null, List.of("groupOfNames", "gbGroup"),
            "gbCreationChannel"),

    /**
     * Users and groups of Active Directory: {@code objectGUID} ids, the kind from {@code groupType}'s security bit,
     * owners in {@code managedBy} and Exchange's {@code msExchCoManagedByLink}, and {@code uSNChanged} for
     * incremental reads, because AD's {@code modifyTimestamp} has whole seconds and is not replicated consistently.
     */
    ACTIVE_DIRECTORY("active-directory", "objectGUID", List.of("sAMAccountName", "userPrincipalName", "mail"), "user",
            List.of("member"), "managedBy", List.of("msExchCoManagedByLink"), "groupType",
            "(&(objectCategory=person)(objectClass=user))", "(objectClass=group)", "uSNChanged", List.of("group"),
            MappingConfig.NONE);

    static final List<String> NAMES = List.of("openldap", "389ds", "active-directory");

    private final String wireName;
    private final String stableIdAttribute;
    private final List<String> loginAttributes;
    private final String personObjectClass;
    private final List<String> memberAttributes;
    private final String ownerAttribute;
    private final List<String> coOwnerAttributes;
    private final String kindAttribute;
    private final String peopleFilter;
    private final String groupFilter;
    private final String changeSequenceAttribute;
    private final List<String> groupObjectClasses;
    private final String channelAttribute;

    DirectoryProfile(String wireName, String stableIdAttribute, List<String> loginAttributes, String personObjectClass,
            List<String> memberAttributes, String ownerAttribute, List<String> coOwnerAttributes, String kindAttribute,
            String peopleFilter, String groupFilter, String changeSequenceAttribute, List<String> groupObjectClasses,
            String channelAttribute) {
        this.wireName = wireName;
        this.stableIdAttribute = stableIdAttribute;
        this.loginAttributes = loginAttributes;
        this.personObjectClass = personObjectClass;
        this.memberAttributes = memberAttributes;
        this.ownerAttribute = ownerAttribute;
        this.coOwnerAttributes = coOwnerAttributes;
        this.kindAttribute = kindAttribute;
        this.peopleFilter = peopleFilter;
        this.groupFilter = groupFilter;
        this.changeSequenceAttribute = changeSequenceAttribute;
        this.groupObjectClasses = groupObjectClasses;
        this.channelAttribute = channelAttribute;
    }

    /** @throws IllegalArgumentException for a name other than those of {@link #NAMES} */
    static DirectoryProfile fromWireName(String name) {
        for (DirectoryProfile p : values()) {
            if (p.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "'");
    }

    public String wireName() {
        return wireName;
    }

    String stableIdAttribute() {
        return stableIdAttribute;
    }

    List<String> loginAttributes() {
        return loginAttributes;
    }

    String personObjectClass() {
        return personObjectClass;
    }

    List<String> memberAttributes() {
        return memberAttributes;
    }

    String ownerAttribute() {
        return ownerAttribute;
    }

    /** Owner attributes read besides {@code ownerAttribute}; the write-back writes {@code ownerAttribute} only. */
    public List<String> coOwnerAttributes() {
        return coOwnerAttributes;
    }

    String kindAttribute() {
        return kindAttribute;
    }

    /** Classes of a group groupbridge creates: groupOfNames with groupbridge's gbGroup, or AD's group. */
    List<String> groupObjectClasses() {
        return groupObjectClasses;
    }

    /** AD's schema has no place for the creation channel unless extended, so that profile maps it to none. */
    String channelAttribute() {
        return channelAttribute;
    }

    String peopleFilter() {
        return peopleFilter;
    }

    String groupFilter() {
        return groupFilter;
    }

    /**
     * @return the server's change sequence number attribute that incremental reads filter on, or empty to filter on
     *     {@code modifyTimestamp}
     */
    public Optional<String> changeSequenceAttribute() {
        return Optional.ofNullable(changeSequenceAttribute);
    }
}
