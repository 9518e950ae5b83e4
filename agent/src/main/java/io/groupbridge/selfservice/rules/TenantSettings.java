package io.groupbridge.selfservice.rules;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant settings S1-S7 of the conf file, plus the version the audit log records with each decision (S8). Settings
 * limit users only; administrators and service principals are not limited by S2-S6 (S9, S10). DNs are normalized
 * before they get here and are compared as opaque strings.
 *
 * @param ownersCanManageJoinRequests      S1: owners may approve and deny; false also closes owner-approval groups to
 *                                         requests
 * @param restrictMyGroups                 S2: what the web panel hides from people without an admin role
 * @param usersCanCreateSecurityGroups     S3: users may create security groups and change those they own
 * @param usersCanCreateUnifiedGroups      S4: the same for unified groups
 * @param unifiedGroupCreationAllowedGroup S5: members of this group (nested too) may create unified groups even when
 *                                         S4 is false
 * @param ownerAssignment                  S6: which owners may make another member an owner
 * @param ownerAssignmentSelected          S6: DNs of the users or groups whose owners may, when {@code selected}; an
 *                                         empty set then means no owner may
 * @param premiumLicense                   S7: who holds the licence L1-L3 ask for
 * @param version                          S8: identifies these settings in the audit log; not blank
 */
public record TenantSettings(
        boolean ownersCanManageJoinRequests,
        RestrictMyGroups restrictMyGroups,
        boolean usersCanCreateSecurityGroups,
        boolean usersCanCreateUnifiedGroups,
        Optional<String> unifiedGroupCreationAllowedGroup,
        OwnerAssignment ownerAssignment,
        Set<String> ownerAssignmentSelected,
        PremiumLicense premiumLicense,
        String version) {

    /** The version of {@link #defaults()}. */
    public static final String DEFAULTS_VERSION = "defaults";

    public TenantSettings {
        Objects.requireNonNull(restrictMyGroups, "restrictMyGroups");
        Objects.requireNonNull(unifiedGroupCreationAllowedGroup, "unifiedGroupCreationAllowedGroup");
        Objects.requireNonNull(ownerAssignment, "ownerAssignment");
        ownerAssignmentSelected = Set.copyOf(Objects.requireNonNull(ownerAssignmentSelected, "ownerAssignmentSelected"));
        Objects.requireNonNull(premiumLicense, "premiumLicense");
        Objects.requireNonNull(version, "version");
        if (version.isBlank()) {
            throw new IllegalArgumentException("settings version must not be blank");
        }
    }

    /** Entra's defaults (spec S table): owners cannot manage requests, nothing restricted, all users licensed. */
    public static TenantSettings defaults() {
        return new TenantSettings(false, RestrictMyGroups.NONE, true, true, Optional.empty(),
                OwnerAssignment.ALL, Set.of(), PremiumLicense.allUsers(), DEFAULTS_VERSION);
    }

    public TenantSettings withOwnersCanManageJoinRequests(boolean value) {
        return new TenantSettings(value, restrictMyGroups, usersCanCreateSecurityGroups, usersCanCreateUnifiedGroups,
                unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected, premiumLicense, version);
    }

    public TenantSettings withRestrictMyGroups(RestrictMyGroups value) {
        return new TenantSettings(ownersCanManageJoinRequests, value, usersCanCreateSecurityGroups, usersCanCreateUnifiedGroups,
                unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected, premiumLicense, version);
    }

    public TenantSettings withUsersCanCreateSecurityGroups(boolean value) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, value, usersCanCreateUnifiedGroups,
                unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected, premiumLicense, version);
    }

    public TenantSettings withUsersCanCreateUnifiedGroups(boolean value) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, usersCanCreateSecurityGroups, value,
                unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected, premiumLicense, version);
    }

    public TenantSettings withUnifiedGroupCreationAllowedGroup(Optional<String> groupDn) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, usersCanCreateSecurityGroups,
                usersCanCreateUnifiedGroups, groupDn, ownerAssignment, ownerAssignmentSelected, premiumLicense, version);
    }

    public TenantSettings withOwnerAssignment(OwnerAssignment value, Set<String> selected) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, usersCanCreateSecurityGroups,
                usersCanCreateUnifiedGroups, unifiedGroupCreationAllowedGroup, value, selected, premiumLicense, version);
    }

    public TenantSettings withPremiumLicense(PremiumLicense value) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, usersCanCreateSecurityGroups,
                usersCanCreateUnifiedGroups, unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected,
                value, version);
    }

    public TenantSettings withVersion(String value) {
        return new TenantSettings(ownersCanManageJoinRequests, restrictMyGroups, usersCanCreateSecurityGroups,
                usersCanCreateUnifiedGroups, unifiedGroupCreationAllowedGroup, ownerAssignment, ownerAssignmentSelected,
                premiumLicense, value);
    }
}
