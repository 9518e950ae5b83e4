package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.MailKind;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mail the actions queue in their own transaction (spec M1, M3) and the reminders of memberships ending (T7),
 * on the in-memory fakes: which kind goes to whom, with what, and nothing while mail is off.
 */
class MailQueueUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();

    private SelfService withMail() {
        return w.services(w.options(NamingPolicy.none(), MembershipTerms.none(),
                new MailNotices(true, Duration.ofDays(7))));
    }

    private SelfService withoutMail() {
        return w.services(w.options(NamingPolicy.none(), MembershipTerms.none(), MailNotices.none()));
    }

    @Test
    void aRequestMailsEachOwnerWithTheJustificationAndADecisionMailsTheRequester() { // spec M3, R7
        SelfService s = withMail();
        long asked = s.memberships().join(w.actor(w.bob), w.payroll.id(), "I run the payroll").requestId()
                .orElseThrow();

        assertThat(w.store.mails()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MailKind.REQUEST_NEW);
            assertThat(m.recipient()).isEqualTo(w.alice.dn());
            assertThat(m.requestId()).isEqualTo(asked);
            assertThat(m.groupId()).isEqualTo(w.payroll.id());
            assertThat(m.groupName()).isEqualTo("Payroll");
            assertThat(m.subject()).isEqualTo(w.bob.dn());
            assertThat(m.actor()).as("nobody decided yet").isNull();
            assertThat(m.justification()).isEqualTo("I run the payroll");
            assertThat(m.endsAt()).isNull();
        });

        s.requests().decide(w.actor(w.alice), asked, false, "not in the payroll team");

        assertThat(w.store.mails()).last().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MailKind.REQUEST_DENIED);
            assertThat(m.recipient()).isEqualTo(w.bob.dn());
            assertThat(m.actor()).isEqualTo(w.alice.dn());
            assertThat(m.reason()).isEqualTo("not in the payroll team");
        });
    }

    @Test
    void anApprovalMailsTheRequesterAndACancellationMailsNobody() { // spec M3, R2
        SelfService s = withMail();
        long bobs = s.memberships().join(w.actor(w.bob), w.payroll.id(), "please").requestId().orElseThrow();
        long carols = s.memberships().join(w.actor(w.carol), w.payroll.id(), "me too").requestId().orElseThrow();

        s.requests().decide(w.actor(w.alice), bobs, true, "");
        s.requests().cancelRequest(w.actor(w.carol), carols);

        assertThat(w.store.mails()).extracting(MailItem::kind, MailItem::recipient, MailItem::requestId)
                .containsExactly(tuple(MailKind.REQUEST_NEW, w.alice.dn(), bobs),
                        tuple(MailKind.REQUEST_NEW, w.alice.dn(), carols),
                        tuple(MailKind.REQUEST_APPROVED, w.bob.dn(), bobs));
        assertThat(w.told.sent()).as("the cancellation is still told through the sink").hasSize(4);
    }

    @Test
    void aRequestToExtendMailsTheOwnersTheEndAskedFor() { // spec M3, T6
        SelfService s = withMail();
        s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "carol", Optional.of(LocalDate.parse("2024-07-01")));
        w.store.writeBackAll();

        s.requests().askToExtend(w.actor(w.carol), w.payroll.id(), LocalDate.parse("2024-08-01"), "");

        assertThat(w.store.mails()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(MailKind.REQUEST_EXTEND);
            assertThat(m.recipient()).isEqualTo(w.alice.dn());
            assertThat(m.endsAt()).isEqualTo(MembershipTerms.endOf(LocalDate.parse("2024-08-01")));
        });
    }

    @Test
    void withMailOffNothingIsQueuedNorReminded() { // spec M1, T7
        SelfService s = withoutMail();
        s.memberships().join(w.actor(w.bob), w.payroll.id(), "I run the payroll");
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "carol", Optional.of(LocalDate.parse("2024-06-03")));
        w.store.writeBackAll();

        assertThat(s.memberships().remindEndingMemberships()).isZero();
        assertThat(w.store.mails()).isEmpty();
        assertThat(withMail().memberships().remindEndingMemberships()).as("the same end, with mail on").isEqualTo(1);
    }

    @Test
    void aMembershipEndingWithinRemindBeforeIsRemindedOnceToTheMemberAndEachOwner() { // spec T7
        SelfService s = withMail();
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "carol", Optional.of(LocalDate.parse("2024-06-05")));
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "bob", Optional.of(LocalDate.parse("2024-06-20")));
        w.store.writeBackAll();
        // A rename on its way: the reminder names the group as it will be called.
        s.groups().editGroup(w.actor(w.alice), w.wiki.id(), Optional.of("Team Docs"), Optional.empty(),
                Optional.empty());

        assertThat(s.memberships().remindEndingMemberships()).isEqualTo(1);
        assertThat(w.store.mails()).extracting(MailItem::kind, MailItem::recipient, MailItem::subject,
                MailItem::groupName, MailItem::endsAt)
                .containsExactly(
                        tuple(MailKind.MEMBERSHIP_ENDING, w.carol.dn(), w.carol.dn(), "Team Docs",
                                MembershipTerms.endOf(LocalDate.parse("2024-06-05"))),
                        tuple(MailKind.MEMBERSHIP_ENDING_OWNER, w.alice.dn(), w.carol.dn(), "Team Docs",
                                MembershipTerms.endOf(LocalDate.parse("2024-06-05"))));
        assertThat(s.memberships().remindEndingMemberships()).as("once per end").isZero();

        w.clock.advance(Duration.ofDays(14));
        assertThat(s.memberships().remindEndingMemberships()).as("bob's end is within a week now").isEqualTo(1);
    }

    @Test
    void aMembershipOfADeletedGroupIsNotRemindedOf() { // spec T7, A11
        SelfService s = withMail();
        s.memberships().addMember(w.actor(w.alice), w.lab.id(), "carol", Optional.of(LocalDate.parse("2024-06-05")));
        w.store.writeBackAll();
        s.groups().deleteGroup(w.actor(w.ada), w.lab.id());
        w.store.writeBackAll();

        assertThat(s.memberships().remindEndingMemberships()).isZero();
        assertThat(w.store.mails()).isEmpty();
    }
}
