package io.groupbridge.selfservice;

import io.groupbridge.model.GroupKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The store's part of group expiration (spec E1-E4), inside one {@link SelfServiceStore.Tx}: what a lifetime is
 * measured from, the reminders sent, and the groups expired. The lifetime itself is the conf's; the store keeps only
 * facts, so a changed lifetime applies to every group at once.
 */
public interface GroupLifetimes {

    /**
     * E1: the active groups of {@code kinds} that self-service acts on (not mail-enabled, dynamic nor role-assignable:
     * G3-G6 belong to others), with what their lifetime is measured from, ordered by DN.
     */
    List<ExpiringGroup> groupsOfKinds(Set<GroupKind> kinds);

    /** How many groups the store holds as in the directory: what the failsafe measures a share of (E3). */
    int activeGroups();

    /** The group, in any state, with what its lifetime is measured from; empty when there is no such group. */
    Optional<ExpiringGroup> group(String groupId);

    /** When the expiration policy first ran, if it has. */
    Optional<Instant> start();

    /** Records the policy's first run; keeps an earlier one. */
    void started(Instant at);

    /** E1: the group's lifetime starts again at {@code at}. */
    void renew(String groupId, String by, Instant at);

    /** E2: the smallest number of days before {@code expiresAt} the owners were reminded at, if they were. */
    Optional<Integer> closestReminder(String groupId, Instant expiresAt);

    void recordReminder(String groupId, Instant expiresAt, int daysBefore, Instant at);

    /** E3: the group was expired at {@code at}; it can be restored until {@code restoreUntil}. Replaces a former one. */
    void recordExpired(String groupId, Instant expiresAt, Instant at, Instant restoreUntil);

    /** E3, E4: the group's last expiry, restored or not. */
    Optional<ExpiredGroup> expired(String groupId);

    /** E3: the expired groups not restored, newest first. */
    List<ExpiredGroup> expiredGroups();

    /**
     * E4: the group is being re-created: the store holds it as {@code creating} again, with the owners and members
     * it kept, until the directory confirms the create-group row.
     */
    void restoring(String groupId, String by, Instant at);

    /**
     * @param createdAt when the store first held the group
     * @param renewedAt its last renewal, if any
     * @param owners    how many owners the store holds for it
     */
    record ExpiringGroup(StoredGroup group, Instant createdAt, Optional<Instant> renewedAt, int owners) {
        public ExpiringGroup {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(renewedAt, "renewedAt");
        }
    }

    /**
     * @param expiresAt    the expiry the group reached
     * @param expiredAt    when the daemon or {@code groups expire} expired it
     * @param restoreUntil the end of the restore window
     * @param restoredAt   when an administrator restored it, if one did
     */
    record ExpiredGroup(StoredGroup group, Instant expiresAt, Instant expiredAt, Instant restoreUntil,
            Optional<Instant> restoredAt) {
        public ExpiredGroup {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(expiredAt, "expiredAt");
            Objects.requireNonNull(restoreUntil, "restoreUntil");
            Objects.requireNonNull(restoredAt, "restoredAt");
        }
    }
}
