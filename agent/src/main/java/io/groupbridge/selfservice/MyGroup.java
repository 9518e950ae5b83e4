package io.groupbridge.selfservice;

/** A group a person is involved in, for "my groups", with the write-back status of their membership and ownership. */
public record MyGroup(StoredGroup group, boolean owner, String ownerStatus, boolean member, String memberStatus) {
}
