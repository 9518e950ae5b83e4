package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The edges of the membership actions on the in-memory fakes: a decision that loses the race to another (R1), a
 * write-back the directory refused for good (W3), and adding a list of people all or nothing (B1).
 */
class MembershipEdgesUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();
    private final SelfService s = w.services(w.options(NamingPolicy.none(), MembershipTerms.none(),
            MailNotices.none()));

    private long bobAsksForPayroll() {
        return s.memberships().join(w.actor(w.bob), w.payroll.id(), "I run the payroll").requestId().orElseThrow();
    }

    // ---------------------------------------------------------------- R1: the first decision wins

    @Test
    void anApprovalThatLosesTheRaceToADenialIsRefusedAndWritesNothing() { // spec R1
        long id = bobAsksForPayroll();
        w.store.decidedElsewhereNext(id, RequestState.DENIED);

        ActionResult late = s.requests().decide(w.actor(w.alice), id, true, "");

        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("R1");
        assertThat(late.message()).startsWith("this request was already denied");
        assertThat(w.store.outbox()).isEmpty();
        assertThat(w.lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("approve");
            assertThat(a.outcome()).isEqualTo("refused");
            assertThat(a.rule()).isEqualTo("R1");
        });
        assertThat(w.told.sent()).extracting(Notification::event).containsExactly(Notification.Event.REQUESTED);
    }

    @Test
    void anAddThatLosesTheRaceToTheRequestsCancellationIsRefusedAndAddsNobody() { // spec R1, A5
        long id = bobAsksForPayroll();
        w.store.decidedElsewhereNext(id, RequestState.CANCELLED);

        ActionResult late = s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "bob");

        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("R1");
        assertThat(late.message()).startsWith("request " + id + " of this person was cancelled a moment ago; look"
                + " at it again before adding them");
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).isEmpty();
        assertThat(w.audits("approve")).isEmpty();
        assertThat(w.lastAudit().action()).isEqualTo("add-member");
    }

    @Test
    void addingARequesterTellsThemAndAuditsTheApprovalWithTheRequest() { // spec A5, A4, R7
        long id = bobAsksForPayroll();
        assertThat(w.audits("request")).as("the request itself is audited").singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo("allowed");
            assertThat(a.detail()).isEqualTo("request " + id + ": I run the payroll");
        });

        ActionResult added = s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "bob");

        assertThat(added.message()).isEqualTo("added bob to 'Payroll', which approves their request " + id);
        assertThat(added.requestId()).contains(id);
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).singleElement()
                .satisfies(r -> assertThat(r.item().requestId()).isEqualTo(id));
        assertThat(w.audits("approve")).singleElement().satisfies(a -> {
            assertThat(a.detail()).startsWith("request " + id + " approved by adding the member: ");
            assertThat(a.targetDn()).isEqualTo(w.bob.dn().written());
        });
        assertThat(w.told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.APPROVED);
            assertThat(n.reason()).contains("approved by adding the member");
            assertThat(n.recipients()).containsExactly(w.bob.dn().written());
        });
    }

    // ---------------------------------------------------------------- W3: a parked write-back

    @Test
    void aParkedAddShowsAsFailedAndNoLongerCountsAsMembership() { // spec W3, R6, R5
        ActionResult added = s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "bob");
        long row = added.outboxIds().get(0);
        w.store.park(row);

        assertThat(s.memberships().members(w.actor(w.alice), w.wiki.id()).items())
                .contains(new MembershipEntry(w.bob.dn().written(), "failed write-back (outbox " + row + ")"));
        ActionResult again = s.memberships().join(w.actor(w.bob), w.wiki.id(), "");
        assertThat(again.allowed()).as(again.message()).isTrue();
        assertThat(again.changed()).as("a parked add makes nobody a member").isTrue();
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).hasSize(2);
        w.store.writeBackAll();
        assertThat(s.memberships().members(w.actor(w.alice), w.wiki.id()).items())
                .as("a parked add of a value the directory holds anyway is not shown")
                .contains(new MembershipEntry(w.bob.dn().written(), MembershipEntry.IN_DIRECTORY));
    }

    @Test
    void aParkedOwnerAddDoesNotMakeAnOwner() { // spec W3, A9
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "bob");
        w.store.writeBackAll();
        ActionResult made = s.memberships().addOwner(w.actor(w.alice), w.wiki.id(), "bob");
        w.store.park(made.outboxIds().get(0));

        assertThat(s.memberships().owners(w.wiki.id())).extracting(MembershipEntry::dn, MembershipEntry::status)
                .containsExactly(tuple(w.alice.dn().written(), MembershipEntry.IN_DIRECTORY),
                        tuple(w.bob.dn().written(), "failed write-back (outbox " + made.outboxIds().get(0) + ")"));
        assertThat(s.memberships().addOwner(w.actor(w.alice), w.wiki.id(), "bob").changed())
                .as("bob does not own it, so making him owner is a change").isTrue();
    }

    // ---------------------------------------------------------------- B1: a list of people

    @Test
    void aListIsAddedWholeWithEveryRowAndOneCommit() { // spec B1, A5, T1
        int[] sends = new int[1];
        SelfService counted = SelfService.over(w.store, w.names, w.options(NamingPolicy.none(),
                MembershipTerms.none(), MailNotices.none()), w.told, () -> sends[0]++, w.clock);

        BulkAddResult r = counted.memberships().addMembers(w.actor(w.alice), w.wiki.id(), List.of(
                new MemberToAdd("bob", Optional.empty()),
                new MemberToAdd("carol", Optional.of(LocalDate.parse("2024-07-01"))),
                new MemberToAdd("alice", Optional.empty())));

        assertThat(r.summary().allowed()).as(r.summary().message()).isTrue();
        assertThat(r.summary().rule()).isEqualTo("A5");
        assertThat(r.summary().message()).isEqualTo("added or changed 2 of 3 people in 'Team Wiki'");
        assertThat(r.rows()).extracting(ActionResult::changed).containsExactly(true, true, false);
        assertThat(r.refused()).isEmpty();
        assertThat(r.summary().outboxIds()).hasSize(2).isEqualTo(w.outbox(OutboxOperation.ADD_MEMBER).stream()
                .map(InMemorySelfServiceStore.OutboxRow::id).toList());
        assertThat(sends[0]).as("the write-back is told once").isEqualTo(1);
    }

    @Test
    void oneRefusalAddsNobodyAndEachRefusalIsAuditedWithItsLine() { // spec B1, A12, A15
        s.groups().block(w.actor(w.ada), w.wiki.id(), "carol");

        BulkAddResult r = s.memberships().addMembers(w.actor(w.alice), w.wiki.id(), List.of(
                new MemberToAdd("bob", Optional.empty()),
                new MemberToAdd("carol", Optional.empty()),
                new MemberToAdd("nobody", Optional.empty())));

        assertThat(r.summary().allowed()).isFalse();
        assertThat(r.summary().rule()).isEqualTo("B1");
        assertThat(r.summary().message()).startsWith("nothing was added: 2 of 3 people refused");
        assertThat(r.rows()).isEmpty();
        assertThat(r.refused()).extracting(BulkAddResult.Refusal::line, BulkAddResult.Refusal::person,
                BulkAddResult.Refusal::rule).containsExactly(tuple(2, "carol", "A12"),
                        tuple(3, "nobody", InputProblem.NO_SUCH_PERSON.code()));
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).isEmpty();
        assertThat(w.audits("add-member")).extracting(AuditRecord::outcome, AuditRecord::rule,
                AuditRecord::targetDn).containsExactly(
                        tuple("refused", "A12", "carol"),
                        tuple("refused", InputProblem.NO_SUCH_PERSON.code(), "nobody"));
        assertThat(w.audits("add-member")).first().satisfies(a -> assertThat(a.detail())
                .startsWith("line 2 of a list of 3, none added (spec B1): "));
    }

    @Test
    void aListIsOneToTheMostPeopleAndAGroupProblemIsTheListsNotAPersons() { // spec B1
        List<MemberToAdd> most = IntStream.range(0, MembershipService.MAX_BULK)
                .mapToObj(i -> new MemberToAdd("p" + i, Optional.empty())).toList();
        List<MemberToAdd> tooMany = IntStream.rangeClosed(0, MembershipService.MAX_BULK)
                .mapToObj(i -> new MemberToAdd("p" + i, Optional.empty())).toList();

        assertThatThrownBy(() -> s.memberships().addMembers(w.actor(w.alice), w.wiki.id(), List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.PERSON_REQUIRED));
        assertThatThrownBy(() -> s.memberships().addMembers(w.actor(w.alice), w.wiki.id(), tooMany))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).endsWith("this one has " + (MembershipService.MAX_BULK + 1)));
        assertThat(s.memberships().addMembers(w.actor(w.alice), w.wiki.id(), most).refused())
                .as("the most is taken, each unknown person refused").hasSize(MembershipService.MAX_BULK);
        assertThatThrownBy(() -> s.memberships().addMembers(w.actor(w.alice), "no-such-group",
                List.of(new MemberToAdd("bob", Optional.empty()))))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_GROUP));
    }
}
