package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One member of one group under review (spec V2-V4): the reviewer's verdict, if any, and what came of it.
 *
 * @param memberDn as the directory wrote it, the value a removal takes out
 * @param verdict  the reviewer's, empty while undecided and for a member the default applied to
 * @param outcome  empty until the member was kept or removed, by a verdict or by the default
 * @param outboxId the write-back that removes the member, when one does
 */
public record ReviewItem(long reviewId, String groupId, String groupDn, String groupName, String memberDn,
        String memberDnNorm, Optional<ReviewVerdict> verdict, Optional<String> reason, Optional<String> decidedBy,
        Optional<Instant> decidedAt, Optional<Outcome> outcome, Optional<Long> outboxId) {

    public ReviewItem {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(groupDn, "groupDn");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(memberDn, "memberDn");
        Objects.requireNonNull(memberDnNorm, "memberDnNorm");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outboxId, "outboxId");
    }

    /**
     * {@code kept} and {@code removed} by a verdict or the default; {@code gone}: the member had left the group
     * already, so nothing was removed.
     */
    public enum Outcome {
        KEPT,
        REMOVED,
        GONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromWireName(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }
}
