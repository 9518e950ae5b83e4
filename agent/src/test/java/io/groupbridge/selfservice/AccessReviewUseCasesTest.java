package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupbridge.model.GroupKind;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.model.OutboxOperation;
import io.groupbridge.selfservice.MembershipService.RemovalLimit;
import io.groupbridge.selfservice.ReviewItem.Outcome;
import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Access reviews (spec V1-V4, V6-V8) on the in-memory fakes of both stores: who starts, sees and decides, what a
 * verdict and the default write back, and the failsafe on the default's removals. {@code AccessReviewTest} keeps
 * the same on the embedded store and directory.
 */
class AccessReviewUseCasesTest {

    private final UseCaseWorld w = new UseCaseWorld();
    private final SelfServiceOptions options = w.options(NamingPolicy.none(), MembershipTerms.none(),
            MailNotices.none());
    private final SelfService s = w.services(options);
    private final int[] sends = new int[1];
    private final ReviewService reviews = ReviewService.over(w.store, w.store, w.names, options, w.told,
            () -> sends[0]++, w.clock, RemovalLimit.NONE);
    private final Instant deadline = w.clock.instant().plus(Duration.ofDays(14));

    // Payroll: alice and bob; Team Wiki: alice and carol.
    private void members() {
        s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "bob");
        s.memberships().addMember(w.actor(w.alice), w.wiki.id(), "carol");
        w.store.writeBackAll();
    }

    private ReviewService.Started start(ReviewScope scope, ReviewVerdict byDefault, Optional<String> reviewer) {
        return reviews.start(w.actor(w.ada), new ReviewService.Start("", scope, deadline, byDefault, reviewer));
    }

    private long payrollReview(ReviewVerdict byDefault) {
        return start(ReviewScope.ofGroup("Payroll"), byDefault, Optional.empty()).reviewId().orElseThrow();
    }

    @Test
    void anAdministratorStartsAReviewOfAGroupsMembersAndAUserMayNot() { // spec V1
        members();

        ReviewService.Started refused = reviews.start(w.actor(w.alice), new ReviewService.Start("Q2",
                ReviewScope.ofGroup("Payroll"), deadline, ReviewVerdict.KEEP, Optional.empty()));
        ReviewService.Started started = start(ReviewScope.ofGroup("Payroll"), ReviewVerdict.REMOVE,
                Optional.empty());

        assertThat(refused.result().allowed()).isFalse();
        assertThat(refused.result().rule()).isEqualTo("V1");
        assertThat(refused.reviewId()).isEmpty();
        assertThat(started.result().allowed()).as(started.result().message()).isTrue();
        assertThat(started.result().message()).isEqualTo("review " + started.reviewId().orElseThrow()
                + " of 1 group (2 members) started; undecided members are removed at " + deadline);
        assertThat(started.groups()).containsExactly("Payroll");
        assertThat(started.members()).isEqualTo(2);
        assertThat(started.result().groupId()).contains(w.payroll.id());
        AccessReview review = reviews.show(w.actor(w.ada), started.reviewId().get()).review().orElseThrow();
        assertThat(review.title()).as("a blank title is the scope in words").isEqualTo("review of group Payroll");
        assertThat(review.state()).isEqualTo(AccessReview.State.OPEN);
        assertThat(w.audits("review-start")).extracting(AuditRecord::outcome).containsExactly("refused", "allowed");
        assertThat(w.audits("review-start").get(1).detail()).endsWith(", default remove, decided by the owners");
    }

    @Test
    void aFilterReviewsEveryMatchingGroupWithMembersAndSaysWhichItSkipped() { // spec V1
        members();
        w.store.addGroup("Empty Unified", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(w.alice), List.of());

        ReviewService.Started started = start(ReviewScope.matching(Optional.empty(), Optional.of(GroupKind.UNIFIED)),
                ReviewVerdict.KEEP, Optional.empty());

        assertThat(started.groups()).containsExactly("Payroll", "Team Wiki");
        assertThat(started.members()).isEqualTo(4);
        assertThat(started.skipped()).containsExactly("Empty Unified: no members");
        assertThat(started.result().message()).contains("of 2 groups (4 members)").contains("kept at");
        assertThat(started.result().groupId()).isEmpty();
        assertThatThrownBy(() -> start(ReviewScope.matching(Optional.of("Nothing*"), Optional.empty()),
                ReviewVerdict.KEEP, Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.INVALID_REVIEW);
                    assertThat(e.getMessage()).isEqualTo("no group with members matches groups named Nothing*");
                });
        assertThatThrownBy(() -> start(ReviewScope.matching(Optional.of("Empty*"), Optional.empty()),
                ReviewVerdict.KEEP, Optional.empty())).hasMessageEndingWith("; skipped: Empty Unified: no members");
    }

    @Test
    void aReviewNeedsADeadlineAheadATitleOfAtMost200AndAGroupWithMembers() { // spec V1
        w.store.addGroup("Empty", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(w.alice), List.of());

        assertThatThrownBy(() -> reviews.start(w.actor(w.ada), new ReviewService.Start("", ReviewScope.ofGroup(
                "Payroll"), w.clock.instant(), ReviewVerdict.KEEP, Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).contains("has passed"));
        assertThatThrownBy(() -> reviews.start(w.actor(w.ada), new ReviewService.Start("x".repeat(201),
                ReviewScope.ofGroup("Payroll"), deadline, ReviewVerdict.KEEP, Optional.empty())))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.TEXT_TOO_LONG));
        assertThat(reviews.start(w.actor(w.ada), new ReviewService.Start("x".repeat(200), ReviewScope.ofGroup(
                "Payroll"), deadline, ReviewVerdict.KEEP, Optional.empty())).result().allowed()).isTrue();
        assertThatThrownBy(() -> start(ReviewScope.ofGroup("Empty"), ReviewVerdict.KEEP, Optional.empty()))
                .hasMessage("'Empty' has no members to review");
        assertThatThrownBy(() -> start(ReviewScope.ofGroup("Nowhere"), ReviewVerdict.KEEP, Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_GROUP));
    }

    @Test
    void ownersSeeTheirGroupsMembersAdministratorsAllAndOthersNothing() { // spec V6, A14
        members();
        StoredGroup ops = w.store.addGroup("Ops", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(w.bob),
                List.of(w.carol));
        long id = start(ReviewScope.matching(Optional.empty(), Optional.of(GroupKind.UNIFIED)), ReviewVerdict.KEEP,
                Optional.empty()).reviewId().orElseThrow();

        assertThat(reviews.show(w.actor(w.ada), id).items()).hasSize(5);
        assertThat(reviews.show(w.actor(w.bob), id).items()).extracting(ReviewItem::groupId)
                .containsOnly(ops.id());
        ReviewService.Shown carols = reviews.show(w.actor(w.carol), id);
        assertThat(carols.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A14"));
        assertThat(carols.review()).isEmpty();
        assertThat(w.lastAudit().action()).isEqualTo("view-review");
        assertThat(reviews.list(w.actor(w.ada)).items()).singleElement()
                .satisfies(sum -> assertThat(sum.undecided()).isEqualTo(5));
        assertThat(reviews.list(w.actor(w.bob)).items()).hasSize(1);
        assertThat(reviews.list(w.actor(w.carol)).items()).isEmpty();
        assertThatThrownBy(() -> reviews.show(w.actor(w.ada), 999)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_REVIEW));
    }

    @Test
    void anExportIsAuditedWithItsFormatAndSizeAndARefusedOneIsNot() { // spec V4
        members();
        long id = payrollReview(ReviewVerdict.KEEP);

        assertThat(reviews.export(w.actor(w.ada), id, "csv").items()).hasSize(2);
        assertThat(reviews.export(w.actor(w.carol), id, "json").refusal()).isPresent();

        assertThat(w.audits("review-export")).extracting(AuditRecord::outcome, AuditRecord::detail)
                .containsExactly(tuple("allowed", "review " + id + " exported as csv: 2 members"),
                        tuple("refused", "you review no group of review " + id + ", so you cannot see it"));
    }

    @Test
    void anOwnersRemoveVerdictWritesTheRemovalBackAndKeepChangesNothing() { // spec V2, V8, W1
        members();
        long id = payrollReview(ReviewVerdict.KEEP);

        ActionResult removed = reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.REMOVE, "left team");
        assertThat(sends[0]).as("told of the removal's row").isEqualTo(1);
        ActionResult kept = reviews.decide(w.actor(w.alice), id, "Payroll", "alice", ReviewVerdict.KEEP, "owner");

        assertThat(removed.message()).isEqualTo("removed bob from 'Payroll' (review " + id + ")");
        assertThat(removed.outboxIds()).hasSize(1);
        assertThat(sends[0]).as("told of the removal's row only").isEqualTo(1);
        assertThat(w.outbox(OutboxOperation.REMOVE_MEMBER)).singleElement().satisfies(r -> {
            assertThat(r.item().valueDn()).isEqualTo(w.bob.dn().written());
            assertThat(r.id()).isEqualTo(removed.outboxIds().get(0));
        });
        assertThat(kept.message()).isEqualTo("kept alice in 'Payroll' (review " + id + ")");
        assertThat(kept.outboxIds()).isEmpty();
        assertThat(w.audits("review-remove")).singleElement().satisfies(a -> {
            assertThat(a.detail()).isEqualTo("review " + id + ": left team");
            assertThat(a.targetDn()).isEqualTo(w.bob.dn().written());
        });
        assertThat(reviews.show(w.actor(w.ada), id).items()).extracting(i -> i.memberDn(),
                i -> i.outcome().orElseThrow(), i -> i.decidedBy().orElseThrow()).containsExactlyInAnyOrder(
                        tuple(w.alice.dn().written(), Outcome.KEPT, w.actor(w.alice).dn()),
                        tuple(w.bob.dn().written(), Outcome.REMOVED, w.actor(w.alice).dn()));
    }

    @Test
    void aVerdictIsFinalAndNeedsAReasonAMemberUnderReviewAndAnOpenReview() { // spec V8, V3
        members();
        long id = payrollReview(ReviewVerdict.KEEP);
        reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.KEEP, "needed");

        ActionResult same = reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.KEEP, "again");
        ActionResult other = reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.REMOVE, "changed");

        assertThat(same.allowed()).isTrue();
        assertThat(same.changed()).isFalse();
        assertThat(same.message()).isEqualTo("bob was decided keep already");
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule()).isEqualTo("V8");
        assertThat(other.message()).startsWith("bob was decided keep already by " + w.actor(w.alice).dn()
                + "; a verdict is final");
        assertThatThrownBy(() -> reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.KEEP, " "))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.REASON_REQUIRED));
        assertThatThrownBy(() -> reviews.decide(w.actor(w.alice), id, null, "carol", ReviewVerdict.KEEP, "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.NOT_IN_REVIEW);
                    assertThat(e.getMessage()).isEqualTo("'carol' is not a member under review " + id);
                });
        assertThatThrownBy(() -> reviews.decide(w.actor(w.alice), id, null, " ", ReviewVerdict.KEEP, "x"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problem()).isEqualTo(InputProblem.PERSON_REQUIRED));

        reviews.close(w.actor(w.ada), id);
        ActionResult late = reviews.decide(w.actor(w.alice), id, null, "alice", ReviewVerdict.REMOVE, "late");
        assertThat(late.rule()).isEqualTo("V3");
        assertThat(late.message()).startsWith("review " + id + " is closed");
    }

    @Test
    void aMemberUnderReviewInTwoGroupsIsDecidedNamingTheGroup() { // spec V2
        members();
        long id = start(ReviewScope.matching(Optional.empty(), Optional.of(GroupKind.UNIFIED)), ReviewVerdict.KEEP,
                Optional.empty()).reviewId().orElseThrow();

        assertThatThrownBy(() -> reviews.decide(w.actor(w.alice), id, null, "alice", ReviewVerdict.KEEP, "x"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problem()).isEqualTo(InputProblem.AMBIGUOUS_GROUP);
                    assertThat(e.getMessage()).endsWith("in 2 groups; name the group: [Payroll, Team Wiki]");
                });
        assertThat(reviews.decide(w.actor(w.alice), id, "Team Wiki", w.alice.dn().written(), ReviewVerdict.KEEP,
                "x").message()).isEqualTo("kept alice in 'Team Wiki' (review " + id + ")");
        assertThatThrownBy(() -> reviews.decide(w.actor(w.alice), id, "Team Wiki", "bob", ReviewVerdict.KEEP, "x"))
                .hasMessageEndingWith(" in that group");
    }

    @Test
    void aNamedReviewerDecidesInsteadOfTheOwners() { // spec V2
        members();
        long id = start(ReviewScope.ofGroup("Payroll"), ReviewVerdict.KEEP, Optional.of("carol")).reviewId()
                .orElseThrow();

        ActionResult owner = reviews.decide(w.actor(w.alice), id, null, "bob", ReviewVerdict.REMOVE, "x");
        ActionResult reviewer = reviews.decide(w.actor(w.carol), id, null, "bob", ReviewVerdict.REMOVE, "x");

        assertThat(owner.allowed()).isFalse();
        assertThat(owner.rule()).isEqualTo("V2");
        assertThat(w.audits("review-remove").get(0).outcome()).isEqualTo("refused");
        assertThat(reviewer.allowed()).as(reviewer.message()).isTrue();
        assertThat(reviews.list(w.actor(w.carol)).items()).hasSize(1);
        assertThat(reviews.list(w.actor(w.alice)).items()).isEmpty();
        assertThat(w.audits("review-start")).last().satisfies(a -> assertThat(a.detail())
                .endsWith(", decided by " + w.carol.dn().written()));
    }

    @Test
    void aGroupWithoutOwnersIsReviewedByAdministratorsOnly() { // spec V7
        StoredGroup orphans = w.store.addGroup("Orphans", GroupKind.UNIFIED, JoinPolicy.OPEN, List.of(),
                List.of(w.bob));
        long id = start(ReviewScope.ofGroup(orphans.id()), ReviewVerdict.KEEP, Optional.empty()).reviewId()
                .orElseThrow();

        ActionResult user = reviews.decide(w.actor(w.bob), id, null, "bob", ReviewVerdict.KEEP, "me");
        ActionResult admin = reviews.decide(w.actor(w.ada), id, null, "bob", ReviewVerdict.KEEP, "ok");

        assertThat(user.rule()).isEqualTo("V7");
        assertThat(user.allowed()).isFalse();
        assertThat(admin.rule()).isEqualTo("V7");
        assertThat(admin.allowed()).isTrue();
    }

    @Test
    void aRemoveVerdictOnAMemberWhoLeftRecordsThemAsGone() { // spec V2, V8
        members();
        long id = payrollReview(ReviewVerdict.KEEP);
        s.memberships().leave(w.actor(w.bob), w.payroll.id());
        w.store.writeBackAll();

        ActionResult gone = reviews.decide(w.actor(w.alice), id, null, w.bob.dn().written(), ReviewVerdict.REMOVE,
                "left");

        assertThat(gone.message()).isEqualTo("bob is no longer a member of 'Payroll' (review " + id + ")");
        assertThat(gone.outboxIds()).isEmpty();
        assertThat(w.lastAudit().detail()).isEqualTo("review " + id + ": left (no longer a member)");
    }

    @Test
    void closingAppliesTheDefaultToTheUndecidedOnly() { // spec V3
        members();
        long keep = payrollReview(ReviewVerdict.KEEP);
        reviews.decide(w.actor(w.alice), keep, null, "bob", ReviewVerdict.REMOVE, "left");
        long remove = start(ReviewScope.ofGroup("Team Wiki"), ReviewVerdict.REMOVE, Optional.empty()).reviewId()
                .orElseThrow();
        reviews.decide(w.actor(w.alice), remove, null, "alice", ReviewVerdict.KEEP, "owner");

        int told = sends[0];
        ReviewService.Closed kept = reviews.close(w.actor(w.ada), keep);
        assertThat(sends[0]).as("a close that removes nobody tells nobody").isEqualTo(told);
        ReviewService.Closed removed = reviews.close(w.actor(w.ada), remove);
        assertThat(sends[0]).as("the default's removal is told once").isEqualTo(told + 1);

        assertThat(kept.state()).isEqualTo(AccessReview.State.CLOSED);
        assertThat(kept.kept()).isEqualTo(1);
        assertThat(kept.removed()).isZero();
        assertThat(kept.result().message()).isEqualTo("review " + keep + " closed; the default (keep) kept 1 and"
                + " removed 0");
        assertThat(removed.removed()).isEqualTo(1);
        assertThat(removed.outboxIds()).hasSize(1);
        assertThat(w.outbox(OutboxOperation.REMOVE_MEMBER)).extracting(r -> r.item().valueDn())
                .containsExactly(w.bob.dn().written(), w.carol.dn().written());
        assertThat(w.audits("review-default-keep")).singleElement()
                .satisfies(a -> assertThat(a.targetDn()).isEqualTo(w.alice.dn().written()));
        assertThat(w.audits("review-default-remove")).singleElement().satisfies(a -> {
            assertThat(a.targetDn()).isEqualTo(w.carol.dn().written());
            assertThat(a.detail()).isEqualTo("review " + remove + ": nobody decided by the deadline");
        });
        assertThat(w.audits("review-close")).hasSize(2).allSatisfy(a -> assertThat(a.outcome()).isEqualTo("done"));
        assertThat(reviews.close(w.actor(w.ada), keep).result().changed()).as("closed already").isFalse();
        assertThat(reviews.list(w.actor(w.ada)).items()).allSatisfy(sum -> assertThat(sum.undecided()).isZero());
    }

    @Test
    void onlyAdministratorsClose() { // spec V1
        members();
        long id = payrollReview(ReviewVerdict.REMOVE);

        ReviewService.Closed refused = reviews.close(w.actor(w.alice), id);

        assertThat(refused.result().rule()).isEqualTo("V1");
        assertThat(refused.result().allowed()).isFalse();
        assertThat(refused.state()).isEqualTo(AccessReview.State.OPEN);
        assertThat(w.store.outbox()).as("only the two adds of the setup").hasSize(2);
        assertThatThrownBy(() -> reviews.close(w.actor(w.alice), 999)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_REVIEW));
    }

    @Test
    void theFailsafeHoldsTheDefaultsRemovalsAndTheNextCloseTriesAgain() { // spec V3
        members();
        long id = payrollReview(ReviewVerdict.REMOVE);
        int[] asked = new int[2];
        RemovalLimit strict = (dn, stored, removing) -> {
            asked[0] = stored;
            asked[1] = removing;
            return Optional.of(dn + ": " + removing + " of " + stored);
        };

        ReviewService.Closed held = reviews.close(w.actor(w.ada), id, strict);

        assertThat(held.state()).isEqualTo(AccessReview.State.HELD);
        assertThat(held.held()).containsExactly(w.payroll.dn().written() + ": 2 of 2");
        assertThat(asked).containsExactly(2, 2);
        assertThat(held.result().message()).contains(" held back by the failsafe (reconcile.maxRemovalShare): ");
        assertThat(w.audits("review-held")).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("held"));
        assertThat(w.outbox(OutboxOperation.REMOVE_MEMBER)).isEmpty();
        assertThat(reviews.show(w.actor(w.ada), id).review().orElseThrow().heldReason()).isPresent();

        List<ReviewService.Closed> due = reviews.closeDue();

        assertThat(due).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(AccessReview.State.CLOSED);
            assertThat(c.removed()).isEqualTo(2);
        });
        assertThat(w.audits("review-default-remove")).allSatisfy(a -> assertThat(a.actorDn())
                .isEqualTo(ActionSupport.SYSTEM_ACTOR));
    }

    @Test
    void theDeadlineClosesAReviewAndADeletedGroupsMembersAreGone() { // spec V3
        members();
        long payroll = payrollReview(ReviewVerdict.REMOVE);
        long wiki = start(ReviewScope.ofGroup("Team Wiki"), ReviewVerdict.REMOVE, Optional.empty()).reviewId()
                .orElseThrow();
        s.groups().deleteGroup(w.actor(w.ada), w.wiki.id());
        w.store.writeBackAll();
        assertThat(reviews.closeDue()).as("before the deadline").isEmpty();
        w.clock.advance(Duration.ofDays(14));

        List<ReviewService.Closed> closed = reviews.closeDue();

        assertThat(closed).extracting(ReviewService.Closed::reviewId, ReviewService.Closed::removed)
                .containsExactly(tuple(payroll, 2), tuple(wiki, 0));
        assertThat(reviews.show(w.actor(w.ada), wiki).items()).extracting(i -> i.outcome().orElseThrow())
                .containsOnly(Outcome.GONE);
    }

    @Test
    void aScheduleStartsItsReviewWhenDueAndReportsOneThatMatchesNothing() { // spec V1
        members();
        ReviewSchedule monthly = new ReviewSchedule("monthly", ReviewScope.ofGroup("Payroll"), Duration.ofDays(30),
                Duration.ofDays(7), ReviewVerdict.KEEP, Optional.empty());
        ReviewSchedule nothing = new ReviewSchedule("nothing", ReviewScope.matching(Optional.of("Nope*"),
                Optional.empty()), Duration.ofDays(30), Duration.ofDays(7), ReviewVerdict.KEEP, Optional.empty());

        List<ReviewService.Started> first = reviews.startScheduled(List.of(monthly, nothing));
        w.clock.advance(Duration.ofDays(29));
        List<ReviewService.Started> early = reviews.startScheduled(List.of(monthly));
        w.clock.advance(Duration.ofDays(1));
        List<ReviewService.Started> again = reviews.startScheduled(List.of(monthly));

        assertThat(first).hasSize(2);
        assertThat(first.get(0).result().allowed()).isTrue();
        assertThat(first.get(1).result().allowed()).isFalse();
        assertThat(first.get(1).result().message()).startsWith("schedule 'nothing' started no review: ");
        AccessReview started = reviews.show(w.actor(w.ada), first.get(0).reviewId().orElseThrow()).review()
                .orElseThrow();
        assertThat(started.title()).isEqualTo("monthly");
        assertThat(started.schedule()).contains("monthly");
        assertThat(started.startedBy()).isEqualTo(ActionSupport.SYSTEM_ACTOR);
        assertThat(started.deadline()).isEqualTo(w.clock.instant().minus(Duration.ofDays(30)).plus(Duration.ofDays(7)));
        assertThat(early).isEmpty();
        assertThat(again).singleElement().satisfies(r -> assertThat(r.result().allowed()).isTrue());
        assertThat(reviews.list(s.views().actorFor("cn=robot,ou=services,dc=example,dc=com",
                ActorKind.SERVICE_PRINCIPAL)).items()).hasSize(2);
    }
}
