package io.groupbridge.sync;

/**
 * What a reconcile keeps in memory per stored group: enough to tell "unchanged" and "vanished" without reading
 * memberships back.
 */
public record StoredGroupKey(long fingerprint, boolean deleted) {
}
