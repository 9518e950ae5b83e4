package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.sync.Failsafe;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-bound memberships (spec T1-T6, T8) end to end on the embedded demo directory with a test clock: an end date
 * given by an add or an approval, the limits of the conf, the membership leaving the directory at its end, and a
 * member's request to extend it (T6), which an owner approves (with the day asked for or another one within T2's
 * maximum) or denies with a reason, as a join request is decided.
 */
class TimeBoundMembershipTest {

    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String JUDY = "uid=judy,ou=people,dc=example,dc=com";
    private static final String NIAJ = "uid=niaj,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  membership:
                    maxDuration: 30d
                    groups:
                      - group: cn=Finance Team,ou=groups,dc=example,dc=com
                        requireEndDate: true
                """);
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

    private String id(String group) {
        return actions().groups().findGroup(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com"),
                group).id();
    }

    private SelfService actions() {
        return wiring.actions();
    }

    private List<String> directoryMembers(String groupDn) throws Exception {
        Entry e = testHome.directory().server().getEntry(groupDn);
        String[] values = e.getAttributeValues("member");
        return values == null ? List.of() : List.of(values);
    }

    private void writeBack() throws Exception {
        app.outboxRelay().run();
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    @Test
    void aMembershipEndsAndLeavesTheDirectoryAtItsEndDate() throws Exception { // spec T1, T4, T5
        Actor grace = person("grace");
        ActionResult added = actions().memberships().addMember(grace, id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-10")));
        writeBack();

        assertThat(added.allowed()).as(added.message()).isTrue();
        assertThat(added.message()).contains("until 2024-06-10");
        assertThat(directoryMembers(PHOENIX)).contains(JUDY);
        assertThat(actions().memberships().members(grace, id(PHOENIX)).items())
                .filteredOn(e -> e.dn().equals(JUDY)).singleElement()
                .satisfies(e -> assertThat(e.endsAt()).contains(Instant.parse("2024-06-11T00:00:00Z")));

        clock.advance(Duration.between(clock.instant(), Instant.parse("2024-06-10T23:59:59Z")));
        assertThat(actions().memberships().endMemberships(MembershipService.RemovalLimit.NONE).ended()).isZero();
        writeBack();
        assertThat(directoryMembers(PHOENIX)).contains(JUDY);

        clock.advance(Duration.ofSeconds(1));
        MembershipService.EndedMemberships ended = actions().memberships().endMemberships(
                GroupbridgeApp.membershipEndLimit(app.config()));
        writeBack();

        assertThat(ended.ended()).isEqualTo(1);
        assertThat(ended.held()).isEmpty();
        assertThat(directoryMembers(PHOENIX)).doesNotContain(JUDY)
                .contains("uid=heidi,ou=people,dc=example,dc=com");
        assertThat(rows("SELECT actor_dn, decided_rule, target_dn FROM audit_event"
                + " WHERE action_name = 'membership-ended'")).singleElement().satisfies(a -> {
                    assertThat(a.get("decided_rule")).isEqualTo("T4");
                    assertThat(a.get("target_dn")).isEqualTo(JUDY);
                });
        assertThat(rows("SELECT * FROM membership_term")).isEmpty();
        assertThat(actions().memberships().endMemberships(MembershipService.RemovalLimit.NONE).ended()).isZero();
    }

    @Test
    void anApprovalCarriesTheEndDateOfTheMembershipItMakes() throws Exception { // spec T1
        Actor grace = person("grace");
        actions().groups().editGroup(grace, id(PHOENIX), Optional.empty(), Optional.empty(),
                Optional.of(JoinPolicy.OWNER_APPROVAL));
        ActionResult asked = actions().memberships().join(person("niaj"), id(PHOENIX), "I help with the builds");

        ActionResult approved = actions().requests().decide(grace, asked.requestId().orElseThrow(), true, null,
                Optional.of(LocalDate.parse("2024-06-05")));
        writeBack();

        assertThat(approved.allowed()).isTrue();
        assertThat(approved.message()).contains("until 2024-06-05");
        assertThat(directoryMembers(PHOENIX)).contains(NIAJ);
        clock.advance(Duration.ofDays(5));
        actions().memberships().endMemberships(MembershipService.RemovalLimit.NONE);
        writeBack();
        assertThat(directoryMembers(PHOENIX)).doesNotContain(NIAJ);
    }

    @Test
    void anEndDateBeyondTheMaximumIsRefusedNamingTheRuleAndTheLatestDay() throws Exception { // spec T2, A15
        ActionResult r = actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-07-01")));

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).as(r.message()).isEqualTo("T2");
        assertThat(r.message()).contains("at most 30 days").contains("2024-06-30");
        assertThat(rows("SELECT id FROM outbox")).isEmpty();
        assertThat(rows("SELECT * FROM membership_term")).isEmpty();
        assertThat(actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-30"))).allowed()).isTrue();
    }

    @Test
    void anEndDateThatIsNotAfterTodayIsRefused() throws Exception { // spec T2
        ActionResult r = actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-01")));

        assertThat(r.rule()).as(r.message()).isEqualTo("T2");
        assertThat(r.message()).contains("after today");
    }

    @Test
    void aGroupThatRequiresAnEndDateRefusesAnAddWithoutOne() throws Exception { // spec T3
        ActionResult r = actions().memberships().addMember(person("grace"), id("Finance Team"), "judy");

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).isEqualTo("T3");
        assertThat(r.message()).contains("need an end date").contains("2024-06-30");
    }

    @Test
    void someoneWhoMayNotAddMembersCannotGiveOneAnEnd() throws Exception { // spec A5, T1
        ActionResult r = actions().memberships().addMember(person("heidi"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse("2024-06-10")));

        assertThat(r.allowed()).isFalse();
        assertThat(r.rule()).isEqualTo("A5");
        assertThat(rows("SELECT * FROM membership_term")).isEmpty();
    }

    @Test
    void addingAMemberAgainMovesOrClearsTheEnd() throws Exception { // spec T1
        Actor grace = person("grace");
        ActionResult set = actions().memberships().addMember(grace, id(PHOENIX), "heidi",
                Optional.of(LocalDate.parse("2024-06-20")));
        ActionResult cleared = actions().memberships().addMember(grace, id(PHOENIX), "heidi", Optional.empty());

        assertThat(set.changed()).isTrue();
        assertThat(set.outboxIds()).isEmpty();
        assertThat(cleared.changed()).isTrue();
        assertThat(cleared.message()).contains("no longer ends");
        assertThat(rows("SELECT * FROM membership_term")).isEmpty();
    }

    @Test
    void aMemberWhoLeavesBeforeTheEndLosesTheEndWithTheMembership() throws Exception { // spec T8
        actions().memberships().addMember(person("grace"), id(PHOENIX), "heidi",
                Optional.of(LocalDate.parse("2024-06-20")));

        actions().memberships().leave(person("heidi"), id(PHOENIX));

        assertThat(rows("SELECT * FROM membership_term")).isEmpty();
    }

    @Test
    void theFailsafeHoldsBackEndingTooManyOfALargeGroupsMembers() throws Exception { // spec T4
        Actor grace = person("grace");
        for (String login : List.of("heidi", "ivan", "dave")) {
            actions().memberships().addMember(grace, id(PHOENIX), login, Optional.of(LocalDate.parse("2024-06-02")));
        }
        clock.advance(Duration.ofDays(2));

        MembershipService.EndedMemberships held = actions().memberships().endMemberships(
                new Failsafe(0.5, 2, false, Duration.ZERO)::members);

        assertThat(held.ended()).isZero();
        assertThat(held.held()).singleElement().asString().contains("would remove 3 of the 4 members of "
                + PHOENIX);
        assertThat(rows("SELECT id FROM outbox WHERE operation = 'remove-member'")).isEmpty();
        assertThat(rows("SELECT * FROM membership_term")).hasSize(3);
    }

    // ------------------------------------------------------------ extension requests (T6)

    private void judyUntil(String day) throws Exception {
        assertThat(actions().memberships().addMember(person("grace"), id(PHOENIX), "judy",
                Optional.of(LocalDate.parse(day))).allowed()).isTrue();
        writeBack();
    }

    private ActionResult judyAsks(String day, String why) throws SignInException {
        return actions().requests().askToExtend(person("judy"), id(PHOENIX), LocalDate.parse(day), why);
    }

    private Optional<Instant> judysEnd() throws SignInException {
        return actions().memberships().members(person("grace"), id(PHOENIX)).items().stream()
                .filter(e -> e.dn().equals(JUDY)).findFirst().orElseThrow().endsAt();
    }

    @Test
    void aMemberAsksToExtendAndTheOwnersApprovalMovesTheEndToTheDayAsked() throws Exception { // spec T6, T5
        judyUntil("2024-06-10");
        assertThat(actions().views().myGroup(person("judy"), id(PHOENIX)).orElseThrow().memberEndsAt())
                .isEqualTo(Instant.parse("2024-06-11T00:00:00Z"));

        ActionResult asked = judyAsks("2024-06-20", "the migration runs late");

        assertThat(asked.allowed()).as(asked.message()).isTrue();
        assertThat(asked.rule()).isEqualTo("T6");
        long id = asked.requestId().orElseThrow();
        JoinRequest pending = actions().requests().requests(person("grace"), id(PHOENIX), true).items().stream()
                .filter(r -> r.id() == id).findFirst().orElseThrow();
        assertThat(pending.extension()).isTrue();
        assertThat(pending.wantedEnd()).contains(Instant.parse("2024-06-21T00:00:00Z"));
        assertThat(judysEnd()).contains(Instant.parse("2024-06-11T00:00:00Z"));

        ActionResult approved = actions().requests().decide(person("grace"), id, true, null, Optional.empty());

        assertThat(approved.allowed()).as(approved.message()).isTrue();
        assertThat(approved.message()).contains("until 2024-06-20");
        assertThat(approved.outboxIds()).as("judy is a member already: nothing to write back").isEmpty();
        assertThat(judysEnd()).contains(Instant.parse("2024-06-21T00:00:00Z"));
        assertThat(rows("SELECT action_name, decided_rule FROM audit_event WHERE action_name = 'request-extension'"))
                .singleElement().satisfies(a -> assertThat(a.get("decided_rule")).isEqualTo("T6"));
        assertThat(rows("SELECT detail FROM audit_event WHERE action_name = 'approve'")).singleElement()
                .satisfies(a -> assertThat((String) a.get("detail")).contains("until 2024-06-20").contains("T6"));
    }

    @Test
    void theOwnerMayApproveAnotherDayButNotOneBeyondTheMaximum() throws Exception { // spec T6, T2
        judyUntil("2024-06-10");
        long id = judyAsks("2024-06-30", "").requestId()
                .orElseThrow();

        ActionResult tooLate = actions().requests().decide(person("grace"), id, true, null,
                Optional.of(LocalDate.parse("2024-07-15")));
        ActionResult shorter = actions().requests().decide(person("grace"), id, true, null,
                Optional.of(LocalDate.parse("2024-06-15")));

        assertThat(tooLate.allowed()).isFalse();
        assertThat(tooLate.rule()).isEqualTo("T2");
        assertThat(shorter.allowed()).as(shorter.message()).isTrue();
        assertThat(judysEnd()).contains(Instant.parse("2024-06-16T00:00:00Z"));
    }

    @Test
    void aDenialKeepsTheEndAndNeedsAReason() throws Exception { // spec T6, A4
        judyUntil("2024-06-10");
        long id = judyAsks("2024-06-20", "").requestId()
                .orElseThrow();

        assertThatThrownBy(() -> actions().requests().decide(person("grace"), id, false, " "))
                .isInstanceOf(InvalidInputException.class);
        ActionResult denied = actions().requests().decide(person("grace"), id, false, "the project ends on the 10th");

        assertThat(denied.allowed()).isTrue();
        assertThat(judysEnd()).contains(Instant.parse("2024-06-11T00:00:00Z"));
        assertThat(actions().requests().requests(person("judy"), null, false).items()).filteredOn(r -> r.id() == id)
                .singleElement().satisfies(r -> {
                    assertThat(r.state()).isEqualTo(RequestState.DENIED);
                    assertThat(r.reason()).isEqualTo("the project ends on the 10th");
                });
    }

    @Test
    void onlyAMembershipThatEndsCanBeExtendedAndOnlyToALaterDayWithinTheMaximum() throws Exception { // spec T6, T2
        assertThat(actions().memberships().addMember(person("grace"), id(PHOENIX), "judy").allowed()).isTrue();
        ActionResult openEnded = judyAsks("2024-06-20", "");
        judyUntil("2024-06-10");
        ActionResult earlier = judyAsks("2024-06-10", "");
        ActionResult beyond = judyAsks("2024-07-20", "");

        assertThat(openEnded.rule()).as(openEnded.message()).isEqualTo("T6");
        assertThat(openEnded.allowed()).isFalse();
        assertThat(openEnded.message()).contains("does not end");
        assertThat(earlier.allowed()).isFalse();
        assertThat(earlier.rule()).isEqualTo("T6");
        assertThat(earlier.message()).contains("after 2024-06-10");
        assertThat(beyond.allowed()).isFalse();
        assertThat(beyond.rule()).isEqualTo("T2");
        assertThat(rows("SELECT id FROM join_request")).isEmpty();
        assertThatThrownBy(() -> actions().requests().askToExtend(person("niaj"), id(PHOENIX),
                LocalDate.parse("2024-06-20"), "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a member");
    }

    @Test
    void askingTwiceKeepsOneRequestAndLeavingWithdrawsIt() throws Exception { // spec T6, R1, T8
        judyUntil("2024-06-10");
        ActionResult first = judyAsks("2024-06-20", "");
        ActionResult again = judyAsks("2024-06-25", "");

        assertThat(again.changed()).isFalse();
        assertThat(again.requestId()).isEqualTo(first.requestId());

        actions().memberships().leave(person("judy"), id(PHOENIX));

        assertThat(rows("SELECT state FROM join_request")).singleElement()
                .satisfies(r -> assertThat(r.get("state")).isEqualTo("cancelled"));
    }
}
