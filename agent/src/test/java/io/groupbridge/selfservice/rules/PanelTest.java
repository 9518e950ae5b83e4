package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec S2: what the My Groups web panel shows, and why it hides what it hides. */
class PanelTest {

    private static final Actor USER = Actor.user("uid=ursula,ou=people,dc=example,dc=com", Set.of());
    private static final Actor ADMIN = Actor.administrator("uid=ulf,ou=admins,dc=example,dc=com",
            AdminRole.USER_ADMINISTRATOR, Set.of());
    private static final GroupFacts SECURITY = group(GroupKind.SECURITY, false);
    private static final GroupFacts MAIL_SECURITY = group(GroupKind.SECURITY, true);
    private static final GroupFacts UNIFIED = group(GroupKind.UNIFIED, false);

    private static GroupFacts group(GroupKind kind, boolean mail) {
        return new GroupFacts("cn=g,ou=groups,dc=example,dc=com", "g", kind, mail, false, false, JoinPolicy.OPEN, Set.of());
    }

    @Test
    void showsEverythingWhenUnrestricted() {
        TenantSettings settings = TenantSettings.defaults();

        assertThat(Panel.groupFeatures(settings, USER).allowed()).isTrue();
        assertThat(Panel.visibleInPanel(settings, USER, SECURITY)).isTrue();
    }

    @Test
    void hidesSecurityGroupsFromUsers() {
        TenantSettings settings = TenantSettings.defaults().withRestrictMyGroups(RestrictMyGroups.SECURITY_GROUPS);

        assertThat(Panel.groupFeatures(settings, USER).allowed()).isTrue();
        assertThat(Panel.visibleInPanel(settings, USER, SECURITY)).isFalse();
        assertThat(Panel.visibleInPanel(settings, USER, MAIL_SECURITY)).isFalse();
        assertThat(Panel.visibleInPanel(settings, USER, UNIFIED)).isTrue();
        assertThat(Panel.showGroup(settings, USER, SECURITY).reason()).contains("hides security groups");
    }

    @Test
    void closesGroupFeaturesToUsersAndSaysWhy() {
        TenantSettings settings = TenantSettings.defaults().withRestrictMyGroups(RestrictMyGroups.ALL);

        Decision features = Panel.groupFeatures(settings, USER);

        assertThat(features.allowed()).isFalse();
        assertThat(features.rule()).isEqualTo("S2");
        assertThat(features.reason()).contains("closed the group features of My Groups");
        assertThat(Panel.visibleInPanel(settings, USER, UNIFIED)).isFalse();
    }

    @Test
    void neverRestrictsAdministratorsOrServicePrincipals() { // spec S9, S10
        TenantSettings settings = TenantSettings.defaults().withRestrictMyGroups(RestrictMyGroups.ALL);
        Actor automation = Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com");

        assertThat(Panel.groupFeatures(settings, ADMIN).allowed()).isTrue();
        assertThat(Panel.visibleInPanel(settings, ADMIN, SECURITY)).isTrue();
        assertThat(Panel.visibleInPanel(settings, automation, SECURITY)).isTrue();
    }
}
