package io.groupbridge.selfservice.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.JoinPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The join request state machine, spec R1-R4 and P5. */
class RequestTransitionsTest {

    private static final String REQUESTER = "uid=ursula,ou=people,dc=example,dc=com";
    private static final String SOMEONE_ELSE = "uid=olivia,ou=people,dc=example,dc=com";
    private static final Instant CREATED = Instant.parse("2026-11-01T09:00:00Z");

    static Stream<Arguments> pendingTransitions() {
        return Stream.of(
                Arguments.of("R1 approve", RequestEvent.approve(), RequestState.APPROVED, "R1", "approved"),
                Arguments.of("R1 deny", RequestEvent.deny(), RequestState.DENIED, "R1", "denied"),
                Arguments.of("R2 requester cancels", RequestEvent.cancelByRequester(REQUESTER, REQUESTER),
                        RequestState.CANCELLED, "R2", "cancelled by the requester"),
                Arguments.of("R3 group deleted", RequestEvent.groupDeleted(), RequestState.CANCELLED, "R3", "group deleted"),
                Arguments.of("R3 requester deleted", RequestEvent.requesterDeleted(), RequestState.CANCELLED, "R3",
                        "requester deleted"),
                Arguments.of("R4 expire", RequestEvent.expire(), RequestState.EXPIRED, "R4", "expired"),
                Arguments.of("P5 policy changed", RequestEvent.policyChanged(), RequestState.CANCELLED, "P5",
                        "policy changed"));
    }

    @ParameterizedTest(name = "{0}: pending → {2}")
    @MethodSource("pendingTransitions")
    void pendingRequestMovesOn(String name, RequestEvent event, RequestState expected, String rule, String reason) {
        RequestTransition t = RequestTransitions.apply(RequestState.PENDING, event);

        assertThat(t.allowed()).isTrue();
        assertThat(t.changed()).isTrue();
        assertThat(t.state()).isEqualTo(expected);
        assertThat(t.rule()).isEqualTo(rule);
        assertThat(t.reason()).isEqualTo(reason);
    }

    @Test
    void secondDifferentDecisionIsRefused() { // spec R1
        RequestTransition t = RequestTransitions.apply(RequestState.APPROVED, RequestEvent.deny());

        assertThat(t.allowed()).isFalse();
        assertThat(t.state()).isEqualTo(RequestState.APPROVED);
        assertThat(t.rule()).isEqualTo("R1");
        assertThat(t.reason()).contains("already approved");
    }

    @ParameterizedTest(name = "R1 {0} again is a no-op")
    @CsvSource({"APPROVED", "DENIED"})
    void repeatingTheSameDecisionIsANoOp(RequestState decided) { // spec R1
        RequestEvent same = decided == RequestState.APPROVED ? RequestEvent.approve() : RequestEvent.deny();

        RequestTransition t = RequestTransitions.apply(decided, same);

        assertThat(t.allowed()).isTrue();
        assertThat(t.changed()).isFalse();
        assertThat(t.state()).isEqualTo(decided);
    }

    @ParameterizedTest(name = "R1 approving a {0} request is refused")
    @CsvSource({"CANCELLED", "EXPIRED", "DENIED"})
    void closedRequestCannotBeApproved(RequestState closed) {
        RequestTransition t = RequestTransitions.apply(closed, RequestEvent.approve());

        assertThat(t.allowed()).isFalse();
        assertThat(t.state()).isEqualTo(closed);
        assertThat(t.reason()).isNotBlank();
    }

    @Test
    void onlyTheRequesterCancels() { // spec R2
        RequestTransition t = RequestTransitions.apply(RequestState.PENDING,
                RequestEvent.cancelByRequester(REQUESTER, SOMEONE_ELSE));

        assertThat(t.allowed()).isFalse();
        assertThat(t.state()).isEqualTo(RequestState.PENDING);
        assertThat(t.rule()).isEqualTo("R2");
    }

    @Test
    void requesterCannotCancelAnApprovedRequest() { // spec R1, R2
        RequestTransition t = RequestTransitions.apply(RequestState.APPROVED,
                RequestEvent.cancelByRequester(REQUESTER, REQUESTER));

        assertThat(t.allowed()).isFalse();
        assertThat(t.state()).isEqualTo(RequestState.APPROVED);
    }

    @ParameterizedTest(name = "sweeps leave a {0} request alone")
    @EnumSource(value = RequestState.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
    void sweepsLeaveClosedRequestsAlone(RequestState closed) { // spec R3, R4, P5 touch pending requests only
        for (RequestEvent sweep : new RequestEvent[] {RequestEvent.groupDeleted(), RequestEvent.requesterDeleted(),
                RequestEvent.expire(), RequestEvent.policyChanged()}) {
            RequestTransition t = RequestTransitions.apply(closed, sweep);

            assertThat(t.allowed()).as(sweep.toString()).isTrue();
            assertThat(t.changed()).as(sweep.toString()).isFalse();
            assertThat(t.state()).as(sweep.toString()).isEqualTo(closed);
        }
    }

    @ParameterizedTest(name = "R4 created + {0} with a 30-day expiry: expired={1}")
    @CsvSource({"P29DT23H59M59S, false", "P30D, true", "P31D, true", "PT0S, false"})
    void expiresOnceTheExpiryHasPassed(Duration age, boolean expired) {
        assertThat(RequestTransitions.isExpired(CREATED, CREATED.plus(age), RequestTransitions.DEFAULT_EXPIRY))
                .isEqualTo(expired);
    }

    @Test
    void expiryIsConfigurable() { // spec R4
        assertThat(RequestTransitions.isExpired(CREATED, CREATED.plus(Duration.ofDays(8)), Duration.ofDays(7))).isTrue();
        assertThat(RequestTransitions.DEFAULT_EXPIRY).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void expiryMustBePositive() {
        assertThatThrownBy(() -> RequestTransitions.isExpired(CREATED, CREATED, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "P5 {0} → {1} cancels pending requests: {2}")
    @CsvSource({
            "OWNER_APPROVAL, OPEN, true",
            "OWNER_APPROVAL, OWNERS_ONLY, true",
            "OWNER_APPROVAL, OWNER_APPROVAL, false",
            "OPEN, OWNER_APPROVAL, false",
            "OWNERS_ONLY, OPEN, false"})
    void leavingOwnerApprovalCancelsPendingRequests(JoinPolicy from, JoinPolicy to, boolean cancels) {
        assertThat(RequestTransitions.cancelsPendingRequests(from, to)).isEqualTo(cancels);
    }

    @ParameterizedTest(name = "{0} has wire name {1}")
    @CsvSource({"PENDING, pending", "APPROVED, approved", "DENIED, denied", "CANCELLED, cancelled", "EXPIRED, expired"})
    void statesUseLowerCaseWireNames(RequestState state, String wire) {
        assertThat(state.wireName()).isEqualTo(wire);
        assertThat(RequestState.fromWireName(" " + wire.toUpperCase() + " ")).isEqualTo(state);
    }
}
