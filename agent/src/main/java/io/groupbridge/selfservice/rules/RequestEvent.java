package io.groupbridge.selfservice.rules;

import java.util.Objects;

/**
 * Something that tries to move a join request out of {@code pending} (spec R1-R4, P5). Who may approve or deny is
 * {@link Rules}' business (A4); this type only carries what the state machine needs.
 */
public sealed interface RequestEvent {

    static RequestEvent approve() {
        return new Approve();
    }

    static RequestEvent deny() {
        return new Deny();
    }

    static RequestEvent cancelByRequester(String requesterDn, String actorDn) {
        return new CancelByRequester(requesterDn, actorDn);
    }

    static RequestEvent expire() {
        return new Expire();
    }

    static RequestEvent groupDeleted() {
        return new GroupDeleted();
    }

    static RequestEvent requesterDeleted() {
        return new RequesterDeleted();
    }

    static RequestEvent policyChanged() {
        return new PolicyChanged();
    }

    /** R1: an owner or administrator approves. */
    record Approve() implements RequestEvent {
    }

    /** R1: an owner or administrator denies. */
    record Deny() implements RequestEvent {
    }

    /** R2: {@code actorDn} cancels the request {@code requesterDn} made. */
    record CancelByRequester(String requesterDn, String actorDn) implements RequestEvent {
        public CancelByRequester {
            Objects.requireNonNull(requesterDn, "requesterDn");
            Objects.requireNonNull(actorDn, "actorDn");
        }
    }

    /** R4: the request outlived the configured expiry. */
    record Expire() implements RequestEvent {
    }

    /** R3: the group disappeared from the directory. */
    record GroupDeleted() implements RequestEvent {
    }

    /** R3: the requester disappeared from the directory. */
    record RequesterDeleted() implements RequestEvent {
    }

    /** P5: the group's policy changed away from {@code owner-approval}. */
    record PolicyChanged() implements RequestEvent {
    }
}
