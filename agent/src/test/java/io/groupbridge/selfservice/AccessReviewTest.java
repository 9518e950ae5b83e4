package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.sync.Failsafe;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access reviews (spec V1-V4, V6-V8) end to end on the embedded demo directory with a test clock: started by an
 * administrator, decided by the owners or a named reviewer, closed at the deadline with the default held to the
 * failsafe, and exported.
 */
class AccessReviewTest {

    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String IVAN = "uid=ivan,ou=people,dc=example,dc=com";
    private static final String HEIDI = "uid=heidi,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE);
        app = testHome.openApp(clock);
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private ReviewService reviews() {
        return wiring.reviews();
    }

    private Instant inDays(int days) {
        return clock.instant().plus(Duration.ofDays(days));
    }

    private List<String> directoryMembers(String groupDn) throws Exception {
        Entry e = testHome.directory().server().getEntry(groupDn);
        String[] values = e.getAttributeValues("member");
        return values == null ? List.of() : List.of(values);
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private long startOfPhoenix(ReviewVerdict byDefault, Optional<String> reviewer) throws Exception {
        ReviewService.Started started = reviews().start(person("bob"), new ReviewService.Start("Phoenix Q2",
                ReviewScope.ofGroup(PHOENIX), inDays(7), byDefault, reviewer));
        assertThat(started.result().allowed()).as(started.result().message()).isTrue();
        return started.reviewId().orElseThrow();
    }

    @Test
    void anOwnersRemoveLeavesTheDirectoryThroughTheOutboxAuditedWithTheReviewAndReason() throws Exception {
        // spec V1, V2, V4
        long id = startOfPhoenix(ReviewVerdict.KEEP, Optional.empty());
        Actor grace = person("grace");

        ActionResult removed = reviews().decide(grace, id, null, "ivan", ReviewVerdict.REMOVE, "left the project");
        ActionResult kept = reviews().decide(grace, id, null, HEIDI, ReviewVerdict.KEEP, "still on it");
        app.outboxRelay().run();

        assertThat(removed.allowed()).as(removed.message()).isTrue();
        assertThat(removed.outboxIds()).hasSize(1);
        assertThat(kept.allowed()).isTrue();
        assertThat(kept.outboxIds()).isEmpty();
        assertThat(directoryMembers(PHOENIX)).doesNotContain(IVAN).contains(HEIDI);
        assertThat(rows("SELECT decided_rule, target_dn, detail FROM audit_event WHERE action_name = 'review-remove'"))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("decided_rule")).isEqualTo("V2");
                    assertThat(a.get("target_dn")).isEqualTo(IVAN);
                    assertThat(a.get("detail")).isEqualTo("review " + id + ": left the project");
                });
        assertThat(reviews().show(grace, id).items()).filteredOn(i -> i.memberDn().equals(IVAN)).singleElement()
                .satisfies(i -> {
                    assertThat(i.verdict()).contains(ReviewVerdict.REMOVE);
                    assertThat(i.outcome()).contains(ReviewItem.Outcome.REMOVED);
                    assertThat(i.reason()).contains("left the project");
                });
    }

    @Test
    void onlyAdministratorsAndServicePrincipalsStartAReview() throws Exception { // spec V1
        ReviewService.Started byOwner = reviews().start(person("grace"), new ReviewService.Start("", ReviewScope
                .ofGroup(PHOENIX), inDays(7), ReviewVerdict.KEEP, Optional.empty()));

        assertThat(byOwner.result().allowed()).isFalse();
        assertThat(byOwner.result().rule()).isEqualTo("V1");
        assertThat(byOwner.reviewId()).isEmpty();
        assertThat(rows("SELECT id FROM access_review")).isEmpty();
        assertThatThrownBy(() -> reviews().start(person("bob"), new ReviewService.Start("", ReviewScope
                .ofGroup(PHOENIX), clock.instant(), ReviewVerdict.KEEP, Optional.empty())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("deadline");
    }

    @Test
    void aFilterReviewCoversTheMatchingGroupsAndSkipsTheOnesNobodyCanReview() throws Exception { // spec V1
        ReviewService.Started started = reviews().start(person("bob"), new ReviewService.Start("finance",
                ReviewScope.matching(Optional.of("finance*"), Optional.empty()), inDays(7), ReviewVerdict.KEEP,
                Optional.empty()));
        ReviewService.Started unified = reviews().start(person("bob"), new ReviewService.Start("",
                ReviewScope.matching(Optional.empty(), Optional.of(GroupKind.UNIFIED)), inDays(7),
                ReviewVerdict.KEEP, Optional.empty()));

        assertThat(started.groups()).containsExactly("Finance Team");
        assertThat(started.members()).isEqualTo(3);
        assertThat(started.skipped()).singleElement().asString().startsWith("Finance Alerts").contains("G3");
        assertThat(unified.groups()).containsExactlyInAnyOrder("Project Phoenix", "Marketing Crew", "Book Club");
    }

    @Test
    void anOwnerDecidesOnlyForTheGroupsTheyOwnAndSeesOnlyThose() throws Exception { // spec V2, V6, A14
        long id = reviews().start(person("bob"), new ReviewService.Start("", ReviewScope.matching(Optional.empty(),
                Optional.of(GroupKind.UNIFIED)), inDays(7), ReviewVerdict.KEEP, Optional.empty())).reviewId()
                .orElseThrow();
        Actor grace = person("grace");
        Actor niaj = person("niaj");
        Actor mallory = person("mallory");

        ActionResult foreign = reviews().decide(niaj, id, PHOENIX, "ivan", ReviewVerdict.REMOVE, "who is this");
        ReviewService.Shown byGrace = reviews().show(grace, id);
        ReviewService.Shown byMallory = reviews().show(mallory, id);

        assertThat(foreign.allowed()).isFalse();
        assertThat(foreign.rule()).isEqualTo("V2");
        assertThat(directoryMembers(PHOENIX)).contains(IVAN);
        assertThat(byGrace.items()).extracting(ReviewItem::groupName).containsOnly("Project Phoenix");
        assertThat(byMallory.refusal()).hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo("A14"));
        assertThat(reviews().list(grace).items()).extracting(s -> s.review().id()).containsExactly(id);
        assertThat(reviews().list(mallory).items()).isEmpty();
        assertThat(reviews().list(person("bob")).items()).singleElement()
                .satisfies(s -> assertThat(s.undecided()).isEqualTo(s.members()));
    }

    @Test
    void aNamedReviewerDecidesInsteadOfTheOwners() throws Exception { // spec V2
        long id = startOfPhoenix(ReviewVerdict.KEEP, Optional.of("carol"));

        ActionResult byOwner = reviews().decide(person("grace"), id, null, "ivan", ReviewVerdict.REMOVE, "gone");
        ActionResult byReviewer = reviews().decide(person("carol"), id, null, "ivan", ReviewVerdict.KEEP, "needed");

        assertThat(byOwner.allowed()).isFalse();
        assertThat(byOwner.rule()).isEqualTo("V2");
        assertThat(byReviewer.allowed()).as(byReviewer.message()).isTrue();
        assertThat(reviews().list(person("carol")).items()).hasSize(1);
        assertThat(reviews().list(person("grace")).items()).isEmpty();
    }

    @Test
    void administratorsReviewAGroupNobodyOwns() throws Exception { // spec V7
        long id = reviews().start(person("bob"), new ReviewService.Start("", ReviewScope.ofGroup("Book Club"),
                inDays(7), ReviewVerdict.KEEP, Optional.empty())).reviewId().orElseThrow();

        ActionResult byMember = reviews().decide(person("heidi"), id, null, "peggy", ReviewVerdict.REMOVE, "x");
        ActionResult byAdmin = reviews().decide(person("bob"), id, null, "peggy", ReviewVerdict.REMOVE, "left");

        assertThat(byMember.rule()).isEqualTo("V7");
        assertThat(byMember.allowed()).isFalse();
        assertThat(byAdmin.allowed()).as(byAdmin.message()).isTrue();
        assertThat(byAdmin.outboxIds()).hasSize(1);
    }

    @Test
    void aVerdictIsFinalAndRepeatingItChangesNothing() throws Exception { // spec V8
        long id = startOfPhoenix(ReviewVerdict.KEEP, Optional.empty());
        Actor grace = person("grace");
        reviews().decide(grace, id, null, "heidi", ReviewVerdict.KEEP, "on the team");

        ActionResult again = reviews().decide(grace, id, null, "heidi", ReviewVerdict.KEEP, "on the team");
        ActionResult other = reviews().decide(person("dave"), id, null, "heidi", ReviewVerdict.REMOVE, "not");

        assertThat(again.allowed()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule()).isEqualTo("V8");
        assertThat(rows("SELECT id FROM outbox WHERE operation = 'remove-member'")).isEmpty();
    }

    @Test
    void theDefaultKeepsTheUndecidedAtTheDeadlineAndNobodyDecidesAfterIt() throws Exception { // spec V3
        long id = startOfPhoenix(ReviewVerdict.KEEP, Optional.empty());
        reviews().decide(person("grace"), id, null, "ivan", ReviewVerdict.REMOVE, "left");

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(reviews().closeDue(MembershipService.RemovalLimit.NONE)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<ReviewService.Closed> closed = reviews().closeDue(MembershipService.RemovalLimit.NONE);
        ActionResult late = reviews().decide(person("grace"), id, null, "heidi", ReviewVerdict.REMOVE, "late");

        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(AccessReview.State.CLOSED);
            assertThat(c.kept()).isEqualTo(3);
            assertThat(c.removed()).isZero();
        });
        assertThat(late.allowed()).isFalse();
        assertThat(late.rule()).isEqualTo("V3");
        assertThat(rows("SELECT id FROM audit_event WHERE action_name = 'review-default-keep'")).hasSize(3);
        assertThat(reviews().closeDue(MembershipService.RemovalLimit.NONE)).isEmpty();
    }

    @Test
    void aReviewsDefaultRemoveTripsTheFailsafeWhenItWouldRemoveTooMuch() throws Exception { // spec V3
        long id = startOfPhoenix(ReviewVerdict.REMOVE, Optional.empty());
        reviews().decide(person("grace"), id, null, "grace", ReviewVerdict.KEEP, "I run it");
        clock.advance(Duration.ofDays(8));

        List<ReviewService.Closed> held = reviews().closeDue(new Failsafe(0.5, 2, false, Duration.ZERO)::members);
        app.outboxRelay().run();

        assertThat(held).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(AccessReview.State.HELD);
            assertThat(c.removed()).isZero();
            assertThat(c.held()).singleElement().asString().contains("would remove 3 of the 4 members of " + PHOENIX);
        });
        assertThat(rows("SELECT id FROM outbox WHERE operation = 'remove-member'")).isEmpty();
        assertThat(directoryMembers(PHOENIX)).hasSize(4);
        assertThat(rows("SELECT state, held_reason FROM access_review")).singleElement()
                .satisfies(r -> assertThat(r.get("held_reason").toString()).contains("would remove 3"));

        List<ReviewService.Closed> retried = reviews().closeDue(new Failsafe(0.8, 2, false, Duration.ZERO)::members);
        app.outboxRelay().run();

        assertThat(retried).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(AccessReview.State.CLOSED);
            assertThat(c.removed()).isEqualTo(3);
        });
        assertThat(directoryMembers(PHOENIX)).containsExactly("uid=grace,ou=people,dc=example,dc=com");
        assertThat(rows("SELECT decided_rule FROM audit_event WHERE action_name = 'review-default-remove'"))
                .hasSize(3).allSatisfy(a -> assertThat(a.get("decided_rule")).isEqualTo("V3"));
    }

    @Test
    void anExportIsAudited() throws Exception { // spec V4
        long id = startOfPhoenix(ReviewVerdict.KEEP, Optional.empty());

        ReviewService.Shown export = reviews().export(person("bob"), id, "csv");
        ReviewService.Shown refused = reviews().export(person("mallory"), id, "json");

        assertThat(export.items()).hasSize(4);
        assertThat(refused.refusal()).isPresent();
        assertThat(rows("SELECT outcome, detail FROM audit_event WHERE action_name = 'review-export'"))
                .extracting(a -> a.get("outcome")).containsExactlyInAnyOrder("allowed", "refused");
    }

    @Test
    void aScheduleStartsItsReviewWhenDueAndAgainOnlyAfterItsInterval() throws Exception { // spec V1
        List<ReviewSchedule> schedules = List.of(new ReviewSchedule("unified", ReviewScope.matching(Optional.empty(),
                Optional.of(GroupKind.UNIFIED)), Duration.ofDays(30), Duration.ofDays(7), ReviewVerdict.REMOVE,
                Optional.empty()), new ReviewSchedule("nothing", ReviewScope.matching(Optional.of("no such*"),
                Optional.empty()), Duration.ofDays(30), Duration.ofDays(7), ReviewVerdict.KEEP, Optional.empty()));

        List<ReviewService.Started> first = reviews().startScheduled(schedules);
        clock.advance(Duration.ofDays(29));
        List<ReviewService.Started> early = reviews().startScheduled(schedules);
        clock.advance(Duration.ofDays(1));
        List<ReviewService.Started> due = reviews().startScheduled(schedules);

        assertThat(first).hasSize(2);
        assertThat(first.get(0).reviewId()).isPresent();
        assertThat(first.get(0).groups()).contains("Project Phoenix");
        assertThat(first.get(1).reviewId()).isEmpty();
        assertThat(first.get(1).result().message()).contains("schedule 'nothing' started no review");
        assertThat(early).extracting(ReviewService.Started::reviewId).containsExactly(Optional.empty());
        assertThat(due.get(0).reviewId()).isPresent();
        assertThat(rows("SELECT schedule_name, started_by, default_verdict FROM access_review WHERE schedule_name"
                + " = 'unified'")).hasSize(2).allSatisfy(r -> {
                    assertThat(r.get("started_by")).isEqualTo("groupbridge");
                    assertThat(r.get("default_verdict")).isEqualTo("remove");
                });
    }
}
