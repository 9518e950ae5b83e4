package io.groupbridge.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant's self-service settings, spec table S. Enumerated values are held in lower case.
 *
 * @param ownersCanManageJoinRequests S1, default false
 * @param restrictMyGroups S2: {@code none} (default), {@code security-groups} or {@code all}
 * @param usersCanCreateSecurityGroups S3, default true
 * @param usersCanCreateUnifiedGroups S4, default true
 * @param unifiedGroupCreationAllowedGroup S5: DN of a group whose (nested) members may create unified groups anyway
 * @param ownerAssignment S6: {@code all} (default), {@code selected} or {@code none}
 * @param ownerAssignmentSelected S6: DNs of the owners, or groups of owners, allowed when {@code selected}
 * @param premiumLicense S7: {@code all-users} (default) or the DN of the group whose members hold the licence
 */
public record SettingsConfig(boolean ownersCanManageJoinRequests, String restrictMyGroups,
        boolean usersCanCreateSecurityGroups, boolean usersCanCreateUnifiedGroups,
        Optional<String> unifiedGroupCreationAllowedGroup, String ownerAssignment, List<String> ownerAssignmentSelected,
        String premiumLicense) {

    static final List<String> RESTRICT_MY_GROUPS = List.of("none", "security-groups", "all");
    static final List<String> OWNER_ASSIGNMENT = List.of("all", "selected", "none");
    static final String ALL_USERS = "all-users";

    public SettingsConfig {
        restrictMyGroups = oneOf("restrictMyGroups", restrictMyGroups, RESTRICT_MY_GROUPS);
        unifiedGroupCreationAllowedGroup.ifPresent(DistinguishedNames::requireValid);
        ownerAssignment = oneOf("ownerAssignment", ownerAssignment, OWNER_ASSIGNMENT);
        ownerAssignmentSelected = List.copyOf(ownerAssignmentSelected);
        ownerAssignmentSelected.forEach(DistinguishedNames::requireValid);
        Objects.requireNonNull(premiumLicense, "premiumLicense");
        if (premiumLicense.equalsIgnoreCase(ALL_USERS)) {
            premiumLicense = ALL_USERS;
        } else {
            DistinguishedNames.requireValid(premiumLicense);
        }
    }

    /** Entra's defaults (spec table S). */
    public static SettingsConfig defaults() {
        return new SettingsConfig(false, "none", true, true, Optional.empty(), "all", List.of(), ALL_USERS);
    }

    /**
     * A short fingerprint of the values that decisions depend on, recorded in the audit log with each decision
     * (spec S8). Equal settings give the same version in every process and release, however their DNs are spelled
     * or the selected owners ordered; any change of value gives a new one.
     *
     * @return the first 12 hex digits of a SHA-256 over the normalized values
     */
    public String version() {
        StringBuilder canonical = new StringBuilder()
                .append("ownersCanManageJoinRequests=").append(ownersCanManageJoinRequests).append('\n')
                .append("restrictMyGroups=").append(restrictMyGroups).append('\n')
                .append("usersCanCreateSecurityGroups=").append(usersCanCreateSecurityGroups).append('\n')
                .append("usersCanCreateUnifiedGroups=").append(usersCanCreateUnifiedGroups).append('\n')
                .append("unifiedGroupCreationAllowedGroup=")
                .append(unifiedGroupCreationAllowedGroup.map(DistinguishedNames::normalize).orElse("")).append('\n')
                .append("ownerAssignment=").append(ownerAssignment).append('\n');
        ownerAssignmentSelected.stream().map(DistinguishedNames::normalize).distinct().sorted()
                .forEach(dn -> canonical.append("ownerAssignmentSelected=").append(dn).append('\n'));
        canonical.append("premiumLicense=")
                .append(premiumLicense.equals(ALL_USERS) ? ALL_USERS : DistinguishedNames.normalize(premiumLicense));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        String v = Objects.requireNonNull(value, name).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("unknown " + name + " '" + value + "', expected one of " + allowed);
        }
        return v;
    }
}
