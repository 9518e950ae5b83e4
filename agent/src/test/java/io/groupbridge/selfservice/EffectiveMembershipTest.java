package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.AdminRole;
import io.groupbridge.selfservice.rules.TenantSettings;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spec B3 on in-memory fakes of the ports: people in a group through a nested group are listed beside its direct
 * members, each with the group they come through, and only listed: for every decision they are no members.
 */
class EffectiveMembershipTest {

    private final FakeDirectoryNames names = new FakeDirectoryNames();
    private final InMemorySelfServiceStore store = new InMemorySelfServiceStore(names);
    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));

    private Person alice;
    private Person bob;
    private StoredGroup wiki;
    private StoredGroup payroll;
    private StoredGroup contractors;

    @BeforeEach
    void seed() {
        alice = store.addPerson("uid=alice,ou=people,dc=example,dc=com", "alice");
        bob = store.addPerson("uid=bob,ou=people,dc=example,dc=com", "bob");
        wiki = store.addGroup("Team Wiki", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(alice), List.of(alice));
        payroll = store.addGroup("Payroll", GroupKind.UNIFIED, JoinPolicy.OWNER_APPROVAL, List.of(alice),
                List.of(alice));
        contractors = store.addGroup("Contractors", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY, List.of(alice),
                List.of(bob));
        store.nest(contractors, wiki);
        store.nest(contractors, payroll);
    }

    private SelfService services() {
        return SelfService.over(store, names, new SelfServiceOptions(TenantSettings.defaults()
                .withOwnersCanManageJoinRequests(true), Map.of(AdminRole.GROUPS_ADMINISTRATOR,
                "cn=groups administrators," + FakeDirectoryNames.GROUP_BASE), Duration.ofDays(30),
                new GroupTemplate(List.of("groupOfNames"), "member", Set.of(GroupKind.SECURITY, GroupKind.UNIFIED)),
                SelfServiceOptions.DEFAULT_MAX_NAME_LENGTH), new RecordingNotifications(), clock);
    }

    private Actor actor(Person p) {
        return services().views().actorFor(p.dn().written(), ActorKind.PERSON);
    }

    @Test
    void anOwnerSeesWhoIsInTheGroupThroughANestedGroupBesideTheDirectMembers() { // spec B3, A2
        EffectiveMembers nested = services().memberships().effectiveMembers(actor(alice), wiki.id(), 0, 10);

        assertThat(nested.refusal()).isEmpty();
        assertThat(nested.items()).singleElement().satisfies(m -> {
            assertThat(m.dn()).isEqualTo(bob.dn().written());
            assertThat(m.via()).isEqualTo(new EffectiveMember.Via(contractors.id(), "Contractors",
                    contractors.dn().written()));
            assertThat(m.depth()).isEqualTo(1);
        });
        assertThat(nested.total()).isEqualTo(1);
        assertThat(services().memberships().members(actor(alice), wiki.id()).items()).extracting(MembershipEntry::dn)
                .as("the nested group is a direct member; the people in it are not")
                .containsExactly(alice.dn().written(), contractors.dn().written());
    }

    @Test
    void someoneOnlyInANestedGroupMayNotSeeTheMembersNorLeaveButMayJoinAndAskToJoin() { // spec B3, A2, A3, A6, P2
        Actor bobs = actor(bob);
        assertThat(bobs.isMemberOf(wiki.dn().normalized())).as("nested, as roles count it (A16)").isTrue();

        EffectiveMembers seen = services().memberships().effectiveMembers(bobs, wiki.id(), 0, 10);
        assertThat(seen.refusal()).as("A2 goes by direct membership (B3)").isPresent();
        assertThat(seen.items()).isEmpty();
        assertThat(services().memberships().members(bobs, wiki.id()).refusal()).isPresent();
        assertThatThrownBy(() -> services().memberships().leave(bobs, wiki.id()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NOT_A_MEMBER));

        ActionResult joined = services().memberships().join(bobs, wiki.id(), "");
        assertThat(joined.allowed()).as(joined.message()).isTrue();
        assertThat(joined.message()).startsWith("joined 'Team Wiki'");
        assertThat(store.outbox()).singleElement().satisfies(row -> {
            assertThat(row.item().operation()).isEqualTo(OutboxOperation.ADD_MEMBER);
            assertThat(row.item().valueDn()).isEqualTo(bob.dn().written());
        });

        ActionResult asked = services().memberships().join(bobs, payroll.id(), "for the audit");
        assertThat(asked.allowed()).as(asked.message()).isTrue();
        long request = asked.requestId().orElseThrow();
        ActionResult approved = services().requests().decide(actor(alice), request, true, "");
        assertThat(approved.allowed()).as("an approval adds them directly (B3)").isTrue();
        assertThat(store.outbox()).filteredOn(r -> r.item().groupId().equals(payroll.id())).singleElement()
                .satisfies(row -> assertThat(row.item().valueDn()).isEqualTo(bob.dn().written()));
    }

    @Test
    void aDirectMemberIsNotListedAgainThroughTheNestedGroup() { // spec B3
        store.writeBackAll();
        services().memberships().join(actor(bob), wiki.id(), "");
        store.writeBackAll();

        assertThat(services().memberships().effectiveMembers(actor(alice), wiki.id(), 0, 10).items()).isEmpty();
        assertThat(services().memberships().effectiveMembers(actor(alice), payroll.id(), 0, 10).items())
                .extracting(EffectiveMember::dn).containsExactly(bob.dn().written());
    }
}
