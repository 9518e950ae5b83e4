package io.groupbridge.sync;

/**
 * A group entry as a source read it, before its owner and member values are mapped: its fingerprint is taken over
 * the values as they came, so that a reconcile that finds it equal to the stored one builds no member list at all
 * (issue 13, point 4). {@link #group()} maps the values, reporting bad ones to the run's warnings as it goes.
 *
 * <p>A value the mapping drops (malformed, too long, a duplicate) counts in {@link #fingerprint()} but not in the
 * mapped group's {@link DirectoryGroup#fingerprint()}, which is what the store keeps: such a group never matches
 * without being mapped, so its warnings are reported on every run, and it is written only when the mapped group
 * differs from the stored one.
 */
public interface GroupRead {

    String id();

    /** The fingerprint of the entry as read; equal to the mapped group's when the mapping dropped nothing. */
    long fingerprint();

    /** The group with its owners and members, mapped on first call. */
    DirectoryGroup group();
}
