package io.groupbridge.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.selfservice.rules.ActorKind;
import io.groupbridge.selfservice.rules.MembershipTerms;
import io.groupbridge.selfservice.rules.NamingPolicy;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The edges of deciding and finding join requests on the in-memory fakes: unknown requests, what a decision stores
 * as its reason, a denial or a repeated decision where the terms need an end (T3), and the group page's own
 * pending request (A4).
 */
class RequestEdgesUseCasesTest {

    private static final LocalDate JULY = LocalDate.parse("2024-07-01");

    private final UseCaseWorld w = new UseCaseWorld();

    private SelfService services(MembershipTerms terms) {
        return w.services(w.options(NamingPolicy.none(), terms, MailNotices.none()));
    }

    private final SelfService s = services(MembershipTerms.none());

    private long bobAsksForPayroll() {
        return s.memberships().join(w.actor(w.bob), w.payroll.id(), "I run the payroll").requestId().orElseThrow();
    }

    private JoinRequest request(long id) {
        return s.requests().requests(w.actor(w.ada), null, false).items().stream().filter(r -> r.id() == id)
                .findFirst().orElseThrow();
    }

    @Test
    void anUnknownRequestIsBadInputForEveryDecision() { // spec R1, R2
        for (Runnable call : new Runnable[] {
                () -> s.requests().cancelRequest(w.actor(w.bob), 999),
                () -> s.requests().decide(w.actor(w.alice), 999, true, ""),
                () -> s.requests().decide(w.actor(w.alice), 999, false, "no")}) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.problem()).isEqualTo(InputProblem.NO_SUCH_REQUEST);
                assertThat(e.getMessage()).isEqualTo("no join request 999");
            });
        }
        assertThat(w.store.auditLog()).isEmpty();
    }

    @Test
    void aDecisionStoresItsReasonOrTheRulesWhenItHasNone() { // spec R1, A13
        long approved = bobAsksForPayroll();
        long denied = s.memberships().join(w.actor(w.carol), w.payroll.id(), "me too").requestId().orElseThrow();

        s.requests().decide(w.actor(w.alice), approved, true, "");
        s.requests().decide(w.actor(w.alice), denied, false, "not this quarter");

        assertThat(request(approved).reason()).isNotBlank().isNotEqualTo("not this quarter");
        assertThat(request(approved).decidedBy()).isEqualTo(w.actor(w.alice).dn());
        assertThat(request(denied).reason()).isEqualTo("not this quarter");
        assertThat(request(denied).state()).isEqualTo(RequestState.DENIED);
        assertThat(w.audits("deny")).singleElement()
                .satisfies(a -> assertThat(a.detail()).endsWith(": not this quarter"));
    }

    @Test
    void aDenialOfAnExtensionCarriesNoEndAndTouchesNone() { // spec T6, R1
        s.memberships().addMember(w.actor(w.alice), w.payroll.id(), "carol", Optional.of(JULY));
        w.store.writeBackAll();
        long id = s.requests().askToExtend(w.actor(w.carol), w.payroll.id(), LocalDate.parse("2024-08-01"), "")
                .requestId().orElseThrow();

        ActionResult denied = s.requests().decide(w.actor(w.alice), id, false, "the audit is done");

        assertThat(denied.message()).isEqualTo("request " + id + " denied");
        assertThat(w.lastAudit().detail()).doesNotContain("spec T1").endsWith("; an extension (spec T6)");
        assertThat(s.memberships().members(w.actor(w.alice), w.payroll.id()).items())
                .filteredOn(e -> e.dn().equals(w.carol.dn().written())).singleElement()
                .satisfies(e -> assertThat(e.endsAt()).contains(MembershipTerms.endOf(JULY)));
    }

    @Test
    void whereMembershipsNeedAnEndADenialAndARepeatedApprovalAreNotHeldToIt() { // spec T3, R1
        long denied = bobAsksForPayroll();
        long approved = s.memberships().join(w.actor(w.carol), w.payroll.id(), "me too").requestId().orElseThrow();
        s.requests().decide(w.actor(w.alice), approved, true, "");
        SelfService strict = services(new MembershipTerms(Optional.of(Duration.ofDays(90)), true, Map.of()));

        ActionResult deny = strict.requests().decide(w.actor(w.alice), denied, false, "no");
        ActionResult again = strict.requests().decide(w.actor(w.alice), approved, true, "");
        Person dave = w.store.addPerson("uid=dave,ou=people,dc=example,dc=com", "dave");
        ActionResult open = strict.requests().decide(w.actor(w.alice),
                s.memberships().join(w.actor(dave), w.payroll.id(), "dave too").requestId().orElseThrow(), true, "");

        assertThat(deny.allowed()).as(deny.message()).isTrue();
        assertThat(deny.changed()).isTrue();
        assertThat(again.allowed()).as(again.message()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(again.message()).isEqualTo("request " + approved + " was already approved; nothing changed");
        assertThat(open.rule()).as("a pending one is held to it").isEqualTo("T3");
    }

    @Test
    void theGroupPageFindsTheActorsOwnPendingRequestOnly() { // spec A4, R4
        long id = bobAsksForPayroll();

        assertThat(s.requests().myPendingRequest(w.actor(w.bob), w.payroll.id())).hasValueSatisfying(
                r -> assertThat(r.id()).isEqualTo(id));
        assertThat(s.requests().myPendingRequest(w.actor(w.carol), w.payroll.id())).isEmpty();
        assertThat(s.requests().myPendingRequest(w.actor(w.bob), "no-such-group")).isEmpty();
        assertThat(s.requests().myPendingRequest(s.views().actorFor("cn=robot,ou=services,dc=example,dc=com",
                ActorKind.SERVICE_PRINCIPAL), w.payroll.id())).isEmpty();
        w.clock.advance(Duration.ofDays(31));
        assertThat(s.requests().myPendingRequest(w.actor(w.bob), w.payroll.id())).as("expired first").isEmpty();
    }
}
