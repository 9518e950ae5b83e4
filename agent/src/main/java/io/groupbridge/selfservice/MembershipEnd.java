package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Objects;

/**
 * A membership that ends (spec T1): the group, the member and when.
 *
 * @param memberDn as the directory wrote it, the value the write-back removes
 */
public record MembershipEnd(String groupId, String memberDn, String memberDnNorm, Instant endsAt) {
    public MembershipEnd {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberDn, "memberDn");
        Objects.requireNonNull(memberDnNorm, "memberDnNorm");
        Objects.requireNonNull(endsAt, "endsAt");
    }
}
