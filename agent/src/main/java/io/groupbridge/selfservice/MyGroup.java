package io.groupbridge.selfservice;

import java.time.Instant;

/**
 * A group a person is involved in, for "my groups", with the write-back status of their membership and ownership.
 *
 * @param memberEndsAt when their membership ends (spec T1, T5), {@code null} when it does not or they are no member
 */
public record MyGroup(StoredGroup group, boolean owner, String ownerStatus, boolean member, String memberStatus,
        Instant memberEndsAt) {

    /** A membership or ownership without an end. */
    public MyGroup(StoredGroup group, boolean owner, String ownerStatus, boolean member, String memberStatus) {
        this(group, owner, ownerStatus, member, memberStatus, null);
    }
}
