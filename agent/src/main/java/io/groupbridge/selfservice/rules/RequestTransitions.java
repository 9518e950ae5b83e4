package io.groupbridge.selfservice.rules;

import io.groupbridge.model.JoinPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The join request state machine (spec R1-R4, P5): every change leaves {@code pending} for good.
 *
 * <p>Approve, deny and the requester's cancel are people's decisions: on a closed request the same decision again
 * is accepted without change (R1 idempotence), any other is refused. Expiry and the system cancellations (R3, P5)
 * are sweeps over a group's or person's requests: on a request that is already closed they do nothing and are not
 * refused, so a sweep never fails on history.
 */
public final class RequestTransitions {

    /** R4: how long a request stays pending when the conf sets no other time. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(30);

    private RequestTransitions() {
    }

    public static RequestTransition apply(RequestState current, RequestEvent event) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(event, "event");
        if (event instanceof RequestEvent.Approve) {
            return decide(current, RequestState.APPROVED, "R1", "approved");
        } else if (event instanceof RequestEvent.Deny) {
            return decide(current, RequestState.DENIED, "R1", "denied");
        } else if (event instanceof RequestEvent.CancelByRequester cancel) {
            if (!cancel.requesterDn().equals(cancel.actorDn())) {
                return refuse(current, "R2", "only the person who asked to join can cancel this request");
            }
            return decide(current, RequestState.CANCELLED, "R2", "cancelled by the requester");
        } else if (event instanceof RequestEvent.Expire) {
            return sweep(current, RequestState.EXPIRED, "R4", "expired");
        } else if (event instanceof RequestEvent.GroupDeleted) {
            return sweep(current, RequestState.CANCELLED, "R3", "group deleted");
        } else if (event instanceof RequestEvent.RequesterDeleted) {
            return sweep(current, RequestState.CANCELLED, "R3", "requester deleted");
        } else if (event instanceof RequestEvent.PolicyChanged) {
            return sweep(current, RequestState.CANCELLED, "P5", "policy changed");
        }
        // RequestEvent is sealed, but Java 17 cannot check an instanceof chain for exhaustiveness.
        throw new IllegalArgumentException("unknown request event " + event.getClass().getName());
    }

    /**
     * R4: whether a request created at {@code created} has expired at {@code now}; it expires the moment
     * {@code expireAfter} has passed.
     *
     * @throws IllegalArgumentException when {@code expireAfter} is zero or negative
     */
    public static boolean isExpired(Instant created, Instant now, Duration expireAfter) {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expireAfter, "expireAfter");
        if (expireAfter.isZero() || expireAfter.isNegative()) {
            throw new IllegalArgumentException("request expiry must be positive, got " + expireAfter);
        }
        return !now.isBefore(created.plus(expireAfter));
    }

    /** P5: whether changing a group's policy from {@code from} to {@code to} cancels its pending requests. */
    public static boolean cancelsPendingRequests(JoinPolicy from, JoinPolicy to) {
        return from == JoinPolicy.OWNER_APPROVAL && to != JoinPolicy.OWNER_APPROVAL;
    }

    private static RequestTransition decide(RequestState current, RequestState target, String rule, String reason) {
        if (current.isOpen()) {
            return new RequestTransition(true, target, true, rule, reason);
        }
        if (current == target) {
            return new RequestTransition(true, current, false, "R1", "this request was already " + current.wireName());
        }
        return refuse(current, "R1", "this request was already " + current.wireName() + ", so it cannot be "
                + target.wireName());
    }

    private static RequestTransition sweep(RequestState current, RequestState target, String rule, String reason) {
        if (current.isOpen()) {
            return new RequestTransition(true, target, true, rule, reason);
        }
        return new RequestTransition(true, current, false, rule, "the request was already " + current.wireName());
    }

    private static RequestTransition refuse(RequestState current, String rule, String reason) {
        return new RequestTransition(false, current, false, rule, reason);
    }
}
