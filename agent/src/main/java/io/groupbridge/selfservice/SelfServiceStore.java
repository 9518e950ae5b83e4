package io.groupbridge.selfservice;

import io.groupbridge.model.JoinPolicy;
import io.groupbridge.selfservice.rules.RequestState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The group store as the action service sees it. Everything one action does (the change, its outbox rows and its
 * audit entry) happens inside one {@link #inTransaction} call, so it is all committed or none of it is.
 */
public interface SelfServiceStore {

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    <R> R inTransaction(Function<Tx, R> work);

    /**
     * A number that grows whenever this process commits a change to which active groups hold whom (a reconcile, a
     * confirmed write-back); taken before memberships are read, for {@link #membershipsUnchangedSince}.
     */
    long membershipRevision();

    /**
     * Whether this process has committed no change, after {@code revision}, to the memberships of {@code dnNorm} or
     * of the groups in {@code groupDnNorms}; false when it cannot tell. Changes committed by another process are not
     * seen.
     */
    boolean membershipsUnchangedSince(long revision, String dnNorm, Set<String> groupDnNorms);

    /** Counts a failed sign-in for {@code loginKey} (spec A16) in its own transaction; returns the new count. */
    int recordFailedSignIn(String loginKey, Instant at);

    int failedSignIns(String loginKey);

    /** When {@code loginKey} last failed to sign in, if it has failures counted. */
    Optional<Instant> lastFailedSignIn(String loginKey);

    /** Forgets the failures of {@code loginKey}: it signed in, or its last failure is older than the lock-out. */
    void clearFailedSignIns(String loginKey);

    /** One transaction's view; valid only inside the {@link #inTransaction} call that handed it out. */
    /** A page of people and how many match in all. */
    record PersonPage(List<Person> items, int total) {
        public PersonPage {
            items = List.copyOf(items);
        }
    }

    /** Spec B3: a page of a group's effective members and how many it has in all. */
    record EffectivePage(List<EffectiveMember> items, int total) {
        public EffectivePage {
            items = List.copyOf(items);
        }
    }

    interface Tx {

        /**
         * The group's current id: a group created through self-service has a provisional id until the directory
         * gives it one, and callers may still hold the provisional id after the switch. {@code null} stays null.
         */
        String resolveGroupId(String id);

        Optional<StoredGroup> group(String id);

        /**
         * Groups, deleted ones included, whose name equals {@code name} ignoring case, or whose normalized DN is
         * {@code dnNorm}; a created group's provisional row is left out once the directory's entry for its DN is
         * stored.
         *
         * @param name {@code null} to match by DN only
         */
        List<StoredGroup> groupsNamedOrAt(String name, String dnNorm);

        /** Groups not deleted whose name has an {@code =}, so that it may read as a DN. */
        List<StoredGroup> groupsWithDnLikeNames();

        /** Normalized owner DNs as the directory held them at the last reconcile (or as created, while creating). */
        Set<String> owners(String groupId);

        /** People who own the group as the store holds them, for notifications and listings. */
        List<Person> ownerPeople(String groupId);

        boolean isMember(String groupId, String memberDnNorm);

        /** Member DNs as the store holds them, ordered. */
        List<String> members(String groupId);

        /** One page of {@link #members}, at most {@code limit} from {@code offset}. */
        List<String> members(String groupId, int offset, int limit);

        /**
         * B3: one page of the people who are members of the group through groups nested in it and not directly,
         * ordered by normalized DN, at most {@code limit} from {@code offset}, with how many there are in all. Only
         * active groups nest; the walk is cycle-safe and stops some levels down (the store says how many).
         */
        EffectivePage effectiveMembers(String groupId, int offset, int limit);

        /**
         * Outbox rows of the group the directory has not confirmed, oldest first (spec R6): pending ones and parked
         * ({@code failed}) ones.
         */
        List<PendingWrite> pendingWrites(String groupId);

        Optional<Person> person(String dnNorm);

        /** People whose login, mail or normalized DN matches; several matches make the text ambiguous. */
        List<Person> peopleMatching(String text, String dnNorm);

        /**
         * A page of the people whose login or mail starts with {@code text} or whose display name contains it, case
         * ignored and taken literally (no wildcard of SQL's or LDAP's means anything), ordered by login, and how many
         * match in all; every person for empty text.
         */
        PersonPage searchPeople(String text, int offset, int limit);

        /** Normalized DNs of active groups that directly list any of {@code memberDnNorms} as a member. */
        Set<String> groupsListing(Set<String> memberDnNorms);

        /**
         * Active and creating groups that directly list the person as a member or owner, or have a pending or parked
         * write for them.
         */
        List<StoredGroup> groupsInvolving(String personDnNorm, String personDn);

        /**
         * Whether a rename the directory has not confirmed yet (pending or parked) gives a group other than
         * {@code exceptGroupId} this name, ignoring case.
         */
        boolean nameQueued(String name, String exceptGroupId);

        /** Ids of the groups renamed away from {@code dnNorm} through groupbridge, oldest first. */
        List<String> groupsOnceAt(String dnNorm);

        boolean isBlocked(String groupId, String personDnNorm);

        void block(String groupId, Person person, String blockedBy, Instant at);

        /** Lifts a block; nothing happens when there is none. */
        void unblock(String groupId, String personDnNorm);

        /** T1: the membership of {@code member} in the group ends at {@code endsAt}; replaces an earlier end. */
        void setMembershipEnd(String groupId, Person member, Instant endsAt, String setBy, Instant at);

        /** T1, T8: the membership no longer ends, or is gone; nothing when it had no end. */
        void clearMembershipEnd(String groupId, String memberDnNorm);

        /** T5: when each membership of the group that has an end ends, by normalized member DN. */
        Map<String, Instant> membershipEnds(String groupId);

        /** T4: the memberships whose end is at or before {@code now}, of every group, soonest first. */
        List<MembershipEnd> membershipsEndedBy(Instant now);

        /** E1-E4: group expiration, in this transaction. */
        GroupLifetimes lifetimes();

        /** Inserts a group made through self-service in state {@code creating}, with its owners and members. */
        void insertCreatingGroup(StoredGroup group, String description, List<Person> owners, List<Person> members,
                String createdBy, Instant at);

        void updateGroup(String groupId, String name, String description, JoinPolicy policy, Instant at);

        long insertRequest(String groupId, Person requester, String justification, Instant at);

        /** T6: a member's pending request that their membership end at {@code extendTo} instead. */
        long insertExtensionRequest(String groupId, Person requester, String justification, Instant extendTo,
                Instant at);

        Optional<JoinRequest> request(long id);

        Optional<JoinRequest> pendingRequest(String groupId, String requesterDnNorm);

        List<JoinRequest> pendingRequests(String groupId);

        List<JoinRequest> pendingRequestsCreatedBefore(Instant cutoff);

        /**
         * Moves a pending request to {@code state}.
         *
         * @return false when the request was no longer pending, i.e. another decision won (spec R1)
         */
        boolean closeRequest(long id, RequestState state, String decidedBy, Instant at, String reason,
                String settingsVersion);

        /** Requests visible under {@code filter}, newest first. */
        List<JoinRequest> requests(RequestFilter filter);

        long enqueue(OutboxItem item, Instant at);

        /**
         * M3: queues a mail to the recipient's address as the store holds it. A recipient without one is recorded as
         * skipped, for status to count, and nothing is sent.
         *
         * @return whether the mail was queued to be sent
         */
        boolean enqueueMail(MailItem item, Instant at);

        /**
         * T7: memberships that end after {@code now} and at or before {@code by} whose end was not reminded of yet,
         * soonest first.
         */
        List<MembershipEnd> membershipEndsToRemind(Instant now, Instant by);

        /** T7: the end of this membership was reminded of; a new end date forgets it. */
        void markEndReminded(String groupId, String memberDnNorm, Instant at);

        long audit(AuditRecord record);

        /** Audit entries, newest first. */
        List<AuditRecord> auditEntries(AuditFilter filter);
    }

    /**
     * @param groupIds     only requests of these groups; empty set means no group filter
     * @param requesterDnNorm only this requester's requests, may be {@code null}
     * @param pendingOnly  only pending requests
     * @param anyOf        when true, a request matches the group filter OR the requester filter
     */
    record RequestFilter(Set<String> groupIds, String requesterDnNorm, boolean pendingOnly, boolean anyOf) {
        public RequestFilter {
            groupIds = Set.copyOf(groupIds);
        }
    }

    /**
     * @param groupId  only this group, may be {@code null}
     * @param actorDn  only this actor's actions, may be {@code null}
     * @param since    only entries at or after, may be {@code null}
     */
    record AuditFilter(String groupId, String actorDn, Instant since, int limit) {
    }
}
