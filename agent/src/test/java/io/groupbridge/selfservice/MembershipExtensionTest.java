package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.rules.Actor;
import io.groupbridge.selfservice.rules.RequestState;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.DemoConf;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
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
 * Extension requests (spec T6) and a member's own end (T5) end to end on the embedded demo directory with a test
 * clock: a member whose membership ends asks to stay longer, and an owner approves it (with the day asked for or
 * another one within T2's maximum) or denies it with a reason, as a join request is decided.
 */
class MembershipExtensionTest {

    private static final String PHOENIX = "cn=Project Phoenix,ou=groups,dc=example,dc=com";
    private static final String JUDY = "uid=judy,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private TestHome testHome;
    private GroupbridgeApp app;
    private SelfServiceSource wiring;
    private Actor grace;
    private Actor judy;
    private String phoenix;

    @BeforeEach
    void start() throws Exception {
        testHome = TestHome.start(home, null, DemoConf.SELF_SERVICE + """
                governance:
                  membership:
                    maxDuration: 30d
                """);
        app = testHome.openApp(clock);
        app.reconciler().run(false, Reconciler.Progress.NONE);
        wiring = app.selfService();
        grace = person("grace");
        judy = person("judy");
        phoenix = actions().groups().findGroup(Actor.servicePrincipal("cn=automation,ou=services,dc=example,dc=com"),
                PHOENIX).id();
    }

    @AfterEach
    void stop() {
        app.close();
        testHome.close();
    }

    private Actor person(String login) throws SignInException {
        return wiring.signIn().person(login, DemoConf.PASSWORD.toCharArray());
    }

    private SelfService actions() {
        return wiring.actions();
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.store().jdbi().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    private void judyUntil(String day) throws Exception {
        assertThat(actions().memberships().addMember(grace, phoenix, "judy", Optional.of(LocalDate.parse(day)))
                .allowed()).isTrue();
        app.outboxRelay().run();
    }

    private Optional<Instant> judysEnd() {
        return actions().memberships().members(grace, phoenix).items().stream().filter(e -> e.dn().equals(JUDY))
                .findFirst().orElseThrow().endsAt();
    }

    @Test
    void aMemberAsksToExtendAndTheOwnersApprovalMovesTheEndToTheDayAsked() throws Exception { // spec T6, T5
        judyUntil("2024-06-10");
        assertThat(actions().views().myGroup(judy, phoenix).orElseThrow().memberEndsAt())
                .isEqualTo(Instant.parse("2024-06-11T00:00:00Z"));

        ActionResult asked = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-20"),
                "the migration runs late");

        assertThat(asked.allowed()).as(asked.message()).isTrue();
        assertThat(asked.rule()).isEqualTo("T6");
        long id = asked.requestId().orElseThrow();
        JoinRequest pending = actions().requests().requests(grace, phoenix, true).items().stream()
                .filter(r -> r.id() == id).findFirst().orElseThrow();
        assertThat(pending.extension()).isTrue();
        assertThat(pending.wantedEnd()).contains(Instant.parse("2024-06-21T00:00:00Z"));
        assertThat(judysEnd()).contains(Instant.parse("2024-06-11T00:00:00Z"));

        ActionResult approved = actions().requests().decide(grace, id, true, null, Optional.empty());

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
        long id = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-30"), "").requestId()
                .orElseThrow();

        ActionResult tooLate = actions().requests().decide(grace, id, true, null,
                Optional.of(LocalDate.parse("2024-07-15")));
        ActionResult shorter = actions().requests().decide(grace, id, true, null,
                Optional.of(LocalDate.parse("2024-06-15")));

        assertThat(tooLate.allowed()).isFalse();
        assertThat(tooLate.rule()).isEqualTo("T2");
        assertThat(shorter.allowed()).as(shorter.message()).isTrue();
        assertThat(judysEnd()).contains(Instant.parse("2024-06-16T00:00:00Z"));
    }

    @Test
    void aDenialKeepsTheEndAndNeedsAReason() throws Exception { // spec T6, A4
        judyUntil("2024-06-10");
        long id = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-20"), "").requestId()
                .orElseThrow();

        assertThatThrownBy(() -> actions().requests().decide(grace, id, false, " "))
                .isInstanceOf(InvalidInputException.class);
        ActionResult denied = actions().requests().decide(grace, id, false, "the project ends on the 10th");

        assertThat(denied.allowed()).isTrue();
        assertThat(judysEnd()).contains(Instant.parse("2024-06-11T00:00:00Z"));
        assertThat(actions().requests().requests(judy, null, false).items()).filteredOn(r -> r.id() == id)
                .singleElement().satisfies(r -> {
                    assertThat(r.state()).isEqualTo(RequestState.DENIED);
                    assertThat(r.reason()).isEqualTo("the project ends on the 10th");
                });
    }

    @Test
    void onlyAMembershipThatEndsCanBeExtendedAndOnlyToALaterDayWithinTheMaximum() throws Exception { // spec T6, T2
        assertThat(actions().memberships().addMember(grace, phoenix, "judy").allowed()).isTrue();
        ActionResult openEnded = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-20"), "");
        judyUntil("2024-06-10");
        ActionResult earlier = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-10"), "");
        ActionResult beyond = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-07-20"), "");

        assertThat(openEnded.rule()).as(openEnded.message()).isEqualTo("T6");
        assertThat(openEnded.allowed()).isFalse();
        assertThat(openEnded.message()).contains("does not end");
        assertThat(earlier.allowed()).isFalse();
        assertThat(earlier.rule()).isEqualTo("T6");
        assertThat(earlier.message()).contains("after 2024-06-10");
        assertThat(beyond.allowed()).isFalse();
        assertThat(beyond.rule()).isEqualTo("T2");
        assertThat(rows("SELECT id FROM join_request")).isEmpty();
        assertThatThrownBy(() -> actions().requests().askToExtend(person("niaj"), phoenix,
                LocalDate.parse("2024-06-20"), "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a member");
    }

    @Test
    void askingTwiceKeepsOneRequestAndLeavingWithdrawsIt() throws Exception { // spec T6, R1, T8
        judyUntil("2024-06-10");
        ActionResult first = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-20"), "");
        ActionResult again = actions().requests().askToExtend(judy, phoenix, LocalDate.parse("2024-06-25"), "");

        assertThat(again.changed()).isFalse();
        assertThat(again.requestId()).isEqualTo(first.requestId());

        actions().memberships().leave(judy, phoenix);

        assertThat(rows("SELECT state FROM join_request")).singleElement()
                .satisfies(r -> assertThat(r.get("state")).isEqualTo("cancelled"));
    }
}
