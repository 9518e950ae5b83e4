package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tenant settings S1-S8 and the values the rules are given. */
class TenantSettingsTest {

    @Test
    void defaultsAreEntrasDefaults() { // spec S table
        TenantSettings d = TenantSettings.defaults();

        assertThat(d.ownersCanManageJoinRequests()).isFalse();
        assertThat(d.restrictMyGroups()).isEqualTo(RestrictMyGroups.NONE);
        assertThat(d.usersCanCreateSecurityGroups()).isTrue();
        assertThat(d.usersCanCreateUnifiedGroups()).isTrue();
        assertThat(d.unifiedGroupCreationAllowedGroup()).isEmpty();
        assertThat(d.ownerAssignment()).isEqualTo(OwnerAssignment.ALL);
        assertThat(d.ownerAssignmentSelected()).isEmpty();
        assertThat(d.premiumLicense()).isEqualTo(PremiumLicense.allUsers());
        assertThat(d.version()).isEqualTo(TenantSettings.DEFAULTS_VERSION);
    }

    @Test
    void selectedOwnersAreCopied() {
        Set<String> selected = new HashSet<>(Set.of("cn=team-leads,ou=groups,dc=example,dc=com"));
        TenantSettings settings = TenantSettings.defaults().withOwnerAssignment(OwnerAssignment.SELECTED, selected);

        selected.clear();

        assertThat(settings.ownerAssignmentSelected()).hasSize(1);
    }

    @Test
    void rejectsMissingValues() {
        TenantSettings d = TenantSettings.defaults();

        assertThatThrownBy(() -> d.withRestrictMyGroups(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withUnifiedGroupCreationAllowedGroup(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withPremiumLicense(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> d.withVersion(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "S2 {0} is {1}")
    @CsvSource({"none, NONE", "security-groups, SECURITY_GROUPS", " ALL , ALL"})
    void parsesRestrictMyGroups(String wire, RestrictMyGroups expected) {
        assertThat(RestrictMyGroups.fromWireName(wire)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "S6 {0} is {1}")
    @CsvSource({"all, ALL", "selected, SELECTED", "None, NONE"})
    void parsesOwnerAssignment(String wire, OwnerAssignment expected) {
        assertThat(OwnerAssignment.fromWireName(wire)).isEqualTo(expected);
    }

    @Test
    void unknownSettingValueNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> RestrictMyGroups.fromWireName("some"))
                .hasMessageContaining("none, security-groups, all");
        assertThatThrownBy(() -> OwnerAssignment.fromWireName(null)).hasMessageContaining("all, selected, none");
    }

    @Test
    void premiumLicenseIsAllUsersOrAGroup() { // spec S7
        String licensed = "cn=p1-licensed,ou=groups,dc=example,dc=com";

        assertThat(PremiumLicense.fromWireValue(" All-Users ")).isEqualTo(PremiumLicense.allUsers());
        assertThat(PremiumLicense.fromWireValue(licensed)).isEqualTo(PremiumLicense.group(licensed));
        assertThat(PremiumLicense.group(licensed).covers(Set.of(licensed))).isTrue();
        assertThat(PremiumLicense.group(licensed).covers(Set.of())).isFalse();
        assertThat(PremiumLicense.allUsers().wireValue()).isEqualTo("all-users");
        assertThatThrownBy(() -> PremiumLicense.fromWireValue(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unifiedGroupCreationAllowedGroupIsOptional() {
        assertThat(TenantSettings.defaults()
                .withUnifiedGroupCreationAllowedGroup(Optional.of("cn=creators,ou=groups,dc=example,dc=com"))
                .unifiedGroupCreationAllowedGroup()).contains("cn=creators,ou=groups,dc=example,dc=com");
    }
}
