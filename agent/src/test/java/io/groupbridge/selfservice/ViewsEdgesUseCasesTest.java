package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the views and the shared lookups make of write-backs on their way and of odd input, on the in-memory fakes:
 * a group's own status while it is being created, the latest rename among other rows, my groups' ends and owners,
 * an owner removal on its way, people who are not stored or not one, and what a refusal's audit entry names.
 */
class ViewsEdgesUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();
    private final SelfService s = w.services(w.options(NamingPolicy.none(), MembershipTerms.none(),
            MailNotices.none()));

    @Test
    void aGroupBeingCreatedShowsItsCreateRowAsTheStatusOfItsFirstMembers() { // spec A7, R6
        ActionResult created = s.groups().createGroup(w.actor(w.alice), GroupKind.UNIFIED, "Chess", null,
                Optional.empty(), List.of());
        String id = created.groupId().orElseThrow();
        long createRow = created.outboxIds().get(0);
        s.memberships().addMember(w.actor(w.alice), id, "bob");

        assertThat(s.memberships().members(w.actor(w.alice), id).items()).extracting(MembershipEntry::dn,
                MembershipEntry::status).startsWith(tuple(w.alice.dn().written(),
                        "pending write-back (new group, outbox " + createRow + ")"));
        assertThat(s.memberships().owners(id)).singleElement().satisfies(
                e -> assertThat(e.status()).isEqualTo("pending write-back (new group, outbox " + createRow + ")"));
    }

    @Test
    void thePendingRenameIsTheLatestRenameAmongTheGroupsOtherRows() { // spec A8, R6
        s.groups().editGroup(w.actor(w.alice), w.wiki.id(), Optional.of("Team Docs"), Optional.empty(),
                Optional.empty());
        s.groups().editGroup(w.actor(w.alice), w.wiki.id(), Optional.empty(), Optional.of("where we write"),
                Optional.empty());

        assertThat(s.views().pendingRename(w.wiki.id())).hasValueSatisfying(r -> {
            assertThat(r.operation()).isEqualTo(OutboxOperation.RENAME_GROUP);
            assertThat(r.newName()).isEqualTo("Team Docs");
        });
        assertThat(s.views().pendingRename(w.payroll.id())).isEmpty();
    }

    @Test
    void myGroupsCarryTheMembershipsEndAndAnOwnerWhoIsNoMemberIsNoneForOthersAdds() { // spec A1, T1, R6
        StoredGroup ops = w.store.addGroup("Ops", GroupKind.SECURITY, JoinPolicy.OWNERS_ONLY, List.of(w.alice),
                List.of(w.bob));
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "carol", Optional.of(LocalDate.parse("2024-07-01")));
        s.memberships().addMember(w.actor(w.alice), ops.id(), "carol");

        assertThat(s.views().myGroup(w.actor(w.carol), w.wiki.id())).hasValueSatisfying(m -> {
            assertThat(m.member()).isTrue();
            assertThat(m.memberEndsAt()).isEqualTo(MembershipTerms.endOf(LocalDate.parse("2024-07-01")));
        });
        assertThat(s.views().myGroup(w.actor(w.alice), ops.id())).hasValueSatisfying(m -> {
            assertThat(m.owner()).isTrue();
            assertThat(m.member()).as("carol's add on its way is not alice's").isFalse();
            assertThat(m.memberEndsAt()).isNull();
        });
        assertThat(s.views().myGroups(w.actor(w.carol))).extracting(m -> m.group().name())
                .containsExactlyInAnyOrder("Team Wiki", "Ops");
        assertThat(s.views().myGroup(s.views().actorFor("cn=robot,ou=services,dc=example,dc=com",
                ActorKind.SERVICE_PRINCIPAL), w.wiki.id())).isEmpty();
    }

    @Test
    void anOwnerWhoseRemovalIsOnItsWayNoLongerDecides() { // spec A10, A4, R6
        s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "bob");
        s.memberships().addOwner(w.actor(w.alice), w.payroll.id(), "bob");
        w.store.writeBackAll();
        long carols = s.memberships().join(w.actor(w.carol), w.payroll.id(), "please").requestId().orElseThrow();
        s.memberships().removeOwner(w.actor(w.bob), w.payroll.id(), "alice");

        ActionResult approve = s.requests().decide(w.actor(w.alice), carols, true, "");

        assertThat(approve.allowed()).isFalse();
        assertThat(approve.rule()).isEqualTo("A4");
        assertThat(w.lastAudit()).satisfies(a -> {
            assertThat(a.groupId()).as("a refusal names the group").isEqualTo(w.payroll.id());
            assertThat(a.groupDn()).isEqualTo(w.payroll.dn().written());
            assertThat(a.targetDn()).isEqualTo(w.carol.dn().written());
        });
    }

    @Test
    void aSignedInPersonNotYetStoredAndAnAmbiguousLoginAreBadInput() { // spec A16, A5
        w.store.addPerson("uid=sam,ou=people,dc=example,dc=com", "sam");
        w.store.addPerson("uid=sam,ou=contractors,dc=example,dc=com", "sam");

        assertThatThrownBy(() -> s.memberships().join(s.views().actorFor("uid=newcomer,ou=people,dc=example,dc=com",
                ActorKind.PERSON), w.wiki.id(), "")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_PERSON);
                    assertThat(e.getMessage()).contains("arrives with the next reconcile");
                });
        assertThatThrownBy(() -> s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "sam"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.AMBIGUOUS_PERSON);
                    assertThat(e.getMessage()).contains("'sam' names 2 people")
                            .contains("uid=sam,ou=contractors,dc=example,dc=com");
                });
        assertThat(s.memberships().addMember(w.actor(w.alice), w.wiki.id(),
                "uid=sam,ou=contractors,dc=example,dc=com").allowed()).as("the DN picks one").isTrue();
    }
}
