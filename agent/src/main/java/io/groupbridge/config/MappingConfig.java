package io.groupbridge.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which LDAP attributes carry which piece of the model. The {@code gb*} attributes come from groupbridge's schema
 * extension; a directory without it can point them at any attribute it does have.
 *
 * @param stableIdAttribute survives renames and moves, so the store keys people and groups by it
 * @param loginAttributes tried in order to find the person behind a login name
 * @param memberAttributes every attribute that holds member DNs, in the order given
 * @param kindAttribute {@link #NONE} when the directory has no place for a group's kind (every group then reads as
 *     security); likewise {@code channelAttribute}, {@code membershipRuleAttribute} and {@code roleAssignableAttribute}
 * @param channelRules the first rule whose base contains a group decides its creation channel when the group has no
 *     {@code channelAttribute} value
 * @param groupObjectClasses the object classes a group created through groupbridge gets, its structural group class
 *     among them
 * @param profile the kind of server, which filled in the keys the conf does not set
 */
public record MappingConfig(String stableIdAttribute, List<String> loginAttributes, String personNameAttribute,
        String personMailAttribute, String personObjectClass, List<String> memberAttributes, String ownerAttribute,
        String groupNameAttribute, String descriptionAttribute, String kindAttribute, String mailAttribute,
        String channelAttribute, String membershipRuleAttribute, String roleAssignableAttribute,
        List<ChannelRule> channelRules, List<String> groupObjectClasses, DirectoryProfile profile) {

    /** An attribute the conf maps to {@code none}: the directory lacks it, so it is neither read nor written. */
    public static final String NONE = "";

    public MappingConfig {
        Objects.requireNonNull(stableIdAttribute, "stableIdAttribute");
        loginAttributes = List.copyOf(loginAttributes);
        Objects.requireNonNull(personNameAttribute, "personNameAttribute");
        Objects.requireNonNull(personMailAttribute, "personMailAttribute");
        Objects.requireNonNull(personObjectClass, "personObjectClass");
        memberAttributes = List.copyOf(memberAttributes);
        Objects.requireNonNull(ownerAttribute, "ownerAttribute");
        Objects.requireNonNull(groupNameAttribute, "groupNameAttribute");
        Objects.requireNonNull(descriptionAttribute, "descriptionAttribute");
        Objects.requireNonNull(kindAttribute, "kindAttribute");
        Objects.requireNonNull(mailAttribute, "mailAttribute");
        Objects.requireNonNull(channelAttribute, "channelAttribute");
        Objects.requireNonNull(membershipRuleAttribute, "membershipRuleAttribute");
        Objects.requireNonNull(roleAssignableAttribute, "roleAssignableAttribute");
        channelRules = List.copyOf(channelRules);
        groupObjectClasses = List.copyOf(groupObjectClasses);
        if (groupObjectClasses.isEmpty()) {
            throw new IllegalArgumentException("groupObjectClasses must name at least the structural group class");
        }
        Objects.requireNonNull(profile, "profile");
    }

    /** @return empty when the conf maps it to {@code none} */
    public Optional<String> mappedKindAttribute() {
        return mapped(kindAttribute);
    }

    /** @return empty when the conf maps it to {@code none} */
    public Optional<String> mappedChannelAttribute() {
        return mapped(channelAttribute);
    }

    /** @return the attribute, or empty for {@link #NONE} */
    public static Optional<String> mapped(String attribute) {
        return attribute.isEmpty() ? Optional.empty() : Optional.of(attribute);
    }
}
