package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A group's name must pick it out alone wherever a name or a DN is accepted (spec A7, A8): not another live group's
 * DN, nor the DN another group's name reads as; a deleted group, and the group itself, stand in nobody's way.
 */
class GroupNamesUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();
    private final SelfService s = w.services(w.options(NamingPolicy.none(), MembershipTerms.none(),
            MailNotices.none()));

    private ActionResult create(String name) {
        return s.groups().createGroup(w.actor(w.alice), GroupKind.UNIFIED, name, null, Optional.empty(), List.of());
    }

    @Test
    void aNewGroupMayNotGetTheDnAnotherGroupsNameReadsAs() { // spec A7
        w.store.addGroup("cn=Chess Club," + FakeDirectoryNames.GROUP_BASE, GroupKind.UNIFIED, JoinPolicy.OPEN,
                List.of(w.alice), List.of(w.alice));

        assertThatThrownBy(() -> create("Chess Club")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problem()).isEqualTo(InputProblem.NAME_LIKE_A_DN);
            assertThat(e.getMessage()).contains("is named like the DN this group would get");
        });
        assertThat(create("Go Club").allowed()).as("other names are free").isTrue();
    }

    @Test
    void aGroupNamedLikeADnMayTakeTheNameItsOwnDnWouldReadAs() { // spec A8
        StoredGroup odd = w.store.addGroup("cn=Chess Club," + FakeDirectoryNames.GROUP_BASE, GroupKind.UNIFIED,
                JoinPolicy.OPEN, List.of(w.alice), List.of(w.alice));

        ActionResult renamed = s.groups().editGroup(w.actor(w.alice), odd.id(), Optional.of("Chess Club"),
                Optional.empty(), Optional.empty());

        assertThat(renamed.allowed()).as(renamed.message()).isTrue();
        assertThat(renamed.changed()).isTrue();
    }

    @Test
    void aNameThatIsADeletedGroupsDnIsFreeAndALiveOnesIsNot() { // spec A7, A11
        String labDn = w.lab.dn().written();
        assertThatThrownBy(() -> create(labDn)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.problem()).isEqualTo(InputProblem.NAME_IS_A_DN));

        s.groups().deleteGroup(w.actor(w.ada), w.lab.id());
        w.store.writeBackAll();

        assertThat(create(labDn).allowed()).isTrue();
    }
}
