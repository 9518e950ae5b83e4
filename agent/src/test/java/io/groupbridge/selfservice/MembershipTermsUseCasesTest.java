package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Memberships that end (spec T1-T8) as the use cases apply the conf's terms, on the in-memory fakes: the end a join
 * nobody decides gets, a member's request to extend and its approval, and what a removal does to both.
 */
class MembershipTermsUseCasesTest {

    private static final LocalDate JULY = LocalDate.parse("2024-07-01");
    private static final LocalDate AUGUST = LocalDate.parse("2024-08-01");

    private final UseCaseWorld w = new UseCaseWorld();

    private SelfService services(MembershipTerms terms) {
        return w.services(w.options(NamingPolicy.none(), terms, MailNotices.none()));
    }

    private static MembershipTerms required(Optional<Duration> longest) {
        return new MembershipTerms(longest, true, Map.of());
    }

    private Optional<Instant> endOf(SelfService s, StoredGroup g, Person member) {
        return s.memberships().members(w.actor(w.alice), g.id()).items().stream()
                .filter(e -> e.dn().equals(member.dn().written())).findFirst().orElseThrow().endsAt();
    }

    @Test
    void aJoinOfAGroupThatNeedsAnEndGetsTheLongestOneItAllows() { // spec T3, P1
        SelfService s = services(required(Optional.of(Duration.ofDays(10))));

        ActionResult joined = s.memberships().join(w.actor(w.bob), w.wiki.id(), "");

        // 08:00 on June 1st plus ten days is 08:00 on June 11th: the last whole day within it is June 10th.
        assertThat(joined.allowed()).as(joined.message()).isTrue();
        assertThat(joined.message()).isEqualTo("joined 'Team Wiki' until 2024-06-10");
        assertThat(endOf(s, w.wiki, w.bob)).contains(Instant.parse("2024-06-11T00:00:00Z"));
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).singleElement()
                .satisfies(r -> assertThat(r.item().valueDn()).isEqualTo(w.bob.dn().written()));
    }

    @Test
    void aJoinOfAGroupThatNeedsAnEndButSetsNoLongestIsRefusedAndQueuesNothing() { // spec T3, A15
        SelfService s = services(required(Optional.empty()));

        ActionResult refused = s.memberships().join(w.actor(w.bob), w.wiki.id(), "");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.rule()).isEqualTo("T3");
        assertThat(refused.message()).contains("need an end date").contains("ask an owner to add you");
        assertThat(w.store.outbox()).isEmpty();
        assertThat(w.lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("join");
            assertThat(a.outcome()).isEqualTo("refused");
            assertThat(a.rule()).isEqualTo("T3");
            assertThat(a.targetDn()).isEqualTo(w.bob.dn().written());
        });
    }

    @Test
    void aJoinOfAGroupWithoutTermsHasNoEnd() { // spec T1, P1
        SelfService s = services(new MembershipTerms(Optional.of(Duration.ofDays(10)), false, Map.of()));

        ActionResult joined = s.memberships().join(w.actor(w.bob), w.wiki.id(), "");

        assertThat(joined.message()).isEqualTo("joined 'Team Wiki'");
        assertThat(endOf(s, w.wiki, w.bob)).isEmpty();
    }

    @Test
    void aJustifiedJoinOfAnOpenGroupIsAuditedAsTheRequestItWas() { // spec A3, A13, P1
        SelfService s = services(MembershipTerms.none());

        ActionResult joined = s.memberships().join(w.actor(w.bob), w.wiki.id(), "for the docs");

        assertThat(joined.allowed()).isTrue();
        assertThat(w.lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("request");
            assertThat(a.outcome()).isEqualTo("allowed");
            assertThat(a.detail()).startsWith("request " + joined.requestId().orElseThrow() + " auto-approved: ");
        });
    }

    // carol is a member of Payroll until July 1st, and asks to stay until August 1st.
    private long carolAsksToStayUntilAugust(SelfService s) {
        s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "carol", Optional.of(JULY));
        w.store.writeBackAll();
        return s.requests().askToExtend(w.actor(w.carol), w.payroll.id(), AUGUST, "the audit runs late")
                .requestId().orElseThrow();
    }

    @Test
    void anExtensionApprovedWithoutADayOfTheOwnersEndsOnTheDayAskedAndAddsNobody() { // spec T6, T1, R6
        SelfService s = services(MembershipTerms.none());
        long id = carolAsksToStayUntilAugust(s);

        ActionResult approved = s.requests().decide(w.actor(w.alice), id, true, "");

        assertThat(approved.allowed()).as(approved.message()).isTrue();
        assertThat(approved.message()).isEqualTo("request " + id + " approved, membership until 2024-08-01");
        assertThat(approved.outboxIds()).as("carol is a member already").isEmpty();
        assertThat(w.outbox(OutboxOperation.ADD_MEMBER)).as("only the add of July").singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo("done"));
        assertThat(endOf(s, w.payroll, w.carol)).contains(MembershipTerms.endOf(AUGUST));
        assertThat(w.lastAudit().detail()).endsWith("; until 2024-08-01 (spec T1); an extension (spec T6)");
        assertThat(w.told.sent()).last().satisfies(n -> {
            assertThat(n.event()).isEqualTo(Notification.Event.APPROVED);
            assertThat(n.recipients()).containsExactly(w.carol.dn().written());
        });
    }

    @Test
    void anOwnerApprovingAnExtensionMayGiveAnotherDay() { // spec T6, T1
        SelfService s = services(MembershipTerms.none());
        long id = carolAsksToStayUntilAugust(s);

        ActionResult approved = s.requests().decide(w.actor(w.alice), id, true, "two weeks, not four",
                Optional.of(LocalDate.parse("2024-07-15")));

        assertThat(approved.message()).endsWith("membership until 2024-07-15");
        assertThat(endOf(s, w.payroll, w.carol)).contains(Instant.parse("2024-07-16T00:00:00Z"));
        assertThat(w.lastAudit().detail()).contains(": two weeks, not four; until 2024-07-15 (spec T1)");
    }

    @Test
    void anExtensionPastTheGroupsLongestIsRefusedWhenAskedAndWhenApproved() { // spec T6, T2
        SelfService open = services(MembershipTerms.none());
        long id = carolAsksToStayUntilAugust(open);
        SelfService strict = services(new MembershipTerms(Optional.of(Duration.ofDays(45)), false, Map.of()));

        ActionResult asked = strict.requests().askToExtend(w.actor(w.carol), w.payroll.id(),
                LocalDate.parse("2024-09-01"), "");
        ActionResult approved = strict.requests().decide(w.actor(w.alice), id, true, "");

        assertThat(asked.allowed()).isFalse();
        assertThat(asked.rule()).isEqualTo("T2");
        assertThat(approved.allowed()).isFalse();
        assertThat(approved.rule()).isEqualTo("T2");
        assertThat(w.lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("approve");
            assertThat(a.outcome()).isEqualTo("refused");
        });
        assertThat(endOf(strict, w.payroll, w.carol)).contains(MembershipTerms.endOf(JULY));
    }

    @Test
    void removingAMemberClearsTheEndAndCancelsTheirExtensionButLeavesOthersRequests() { // spec T6, T8, A5
        SelfService s = services(MembershipTerms.none());
        long id = carolAsksToStayUntilAugust(s);
        long bobs = s.memberships().join(w.actor(w.bob), w.payroll.id(), "I run the payroll").requestId()
                .orElseThrow();

        ActionResult removed = s.memberships().removeMember(w.actor(w.alice), w.payroll.id(), "carol");

        assertThat(removed.allowed()).as(removed.message()).isTrue();
        assertThat(removed.message()).isEqualTo("removed carol from 'Payroll'");
        JoinRequest extension = s.requests().requests(w.actor(w.alice), w.payroll.id(), false).items().stream()
                .filter(r -> r.id() == id).findFirst().orElseThrow();
        assertThat(extension.state()).isEqualTo(RequestState.CANCELLED);
        assertThat(extension.reason()).isEqualTo("the membership it would extend is gone");
        assertThat(extension.decidedBy()).isEqualTo(w.actor(w.alice).dn());
        assertThat(s.requests().requests(w.actor(w.alice), w.payroll.id(), true).items())
                .extracting(JoinRequest::id).containsExactly(bobs);
        assertThat(s.memberships().members(w.actor(w.alice), w.payroll.id()).items())
                .filteredOn(e -> e.dn().equals(w.carol.dn().written())).singleElement().satisfies(e -> {
                    assertThat(e.status()).startsWith("removal pending");
                    assertThat(e.endsAt()).as("the end went with the membership").isEmpty();
                });
    }

    @Test
    void leavingCancelsAPendingExtensionToo() { // spec T6, T8, A6
        SelfService s = services(MembershipTerms.none());
        long id = carolAsksToStayUntilAugust(s);

        ActionResult left = s.memberships().leave(w.actor(w.carol), w.payroll.id());

        assertThat(left.message()).isEqualTo("you left 'Payroll'");
        assertThat(w.audits("leave")).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("allowed"));
        assertThat(s.requests().requests(w.actor(w.alice), w.payroll.id(), true).items())
                .extracting(JoinRequest::id).doesNotContain(id);
    }
}
