package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The facts about actors and groups that the rules are given. */
class ActorTest {

    @Test
    void actorAndGroupFactsCopyTheirSets() {
        Set<String> groups = new HashSet<>(Set.of("cn=a,ou=groups,dc=example,dc=com"));
        Set<String> owners = new HashSet<>(Set.of("uid=olivia,ou=people,dc=example,dc=com"));
        Actor actor = Actor.user("uid=ursula,ou=people,dc=example,dc=com", groups);
        GroupFacts group = new GroupFacts("cn=g,ou=groups,dc=example,dc=com", "g", GroupKind.UNIFIED, false, false,
                false, JoinPolicy.OPEN, owners);

        groups.clear();
        owners.clear();

        assertThat(actor.groupDns()).hasSize(1);
        assertThat(group.owners()).hasSize(1);
    }

    @Test
    void onlyAdminRolesMakeAnAdministrator() {
        Actor user = Actor.user("uid=ursula,ou=people,dc=example,dc=com", Set.of());
        Actor admin = Actor.administrator("uid=gus,ou=admins,dc=example,dc=com", AdminRole.GLOBAL_ADMINISTRATOR, Set.of());
        Actor automation = Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com");

        assertThat(user.isAdministrator()).isFalse();
        assertThat(user.isPrivileged()).isFalse();
        assertThat(admin.isAdministrator()).isTrue();
        assertThat(automation.isServicePrincipal()).isTrue();
        assertThat(automation.isPrivileged()).isTrue();
    }
}
