package io.groupbridge.selfservice.rules;

/** What a join attempt leads to (spec P1-P3). */
public enum JoinOutcome {
    /** Membership at once, to be written back (P1, and owners or administrators adding themselves). */
    JOINED,
    /** A pending request that owners decide (P2). */
    REQUESTED,
    /** Nothing happens; the decision says why (P3 and every other refusal). */
    REFUSED
}
