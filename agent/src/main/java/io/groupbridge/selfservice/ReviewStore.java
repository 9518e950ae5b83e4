package io.groupbridge.selfservice;

import io.groupbridge.selfservice.ReviewItem.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The store's access reviews (spec V1-V4), beside the {@link SelfServiceStore}: a review's decision, its outbox row
 * and its audit entry commit in one transaction, so each call hands out both views of that one transaction.
 */
public interface ReviewStore {

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    <R> R inTransaction(BiFunction<SelfServiceStore.Tx, Tx, R> work);

    /**
     * A review to insert, in state open.
     *
     * @param reviewer the named reviewer, {@code null} for the groups' owners
     * @param schedule the schedule that starts it, {@code null} when a person does
     */
    record NewReview(String title, String scope, String schedule, Person reviewer, ReviewVerdict defaultVerdict,
            String startedBy, Instant startedAt, Instant deadline) {
    }

    /** A review with how many members it covers and how many nobody decided yet. */
    record Summary(AccessReview review, int members, int undecided) {
    }

    /** One transaction's view; valid only inside the {@link #inTransaction} call that handed it out. */
    interface Tx {

        long insertReview(NewReview review);

        void insertItem(long reviewId, StoredGroup group, String memberDn, String memberDnNorm);

        Optional<AccessReview> review(long id);

        /** Every review, newest first. */
        List<Summary> summaries();

        /**
         * The reviews, newest first, that {@code personDnNorm} reviews a group of: as their named reviewer, or as
         * an owner of a group of a review without one.
         */
        List<Summary> summariesReviewedBy(String personDnNorm);

        /** The review's members, by group name and member DN. */
        List<ReviewItem> items(long reviewId);

        /** The ids of the groups the review covers, each once. */
        List<String> groupIds(long reviewId);

        /**
         * A page of the review's members in the order of {@link #items}, cut in the store.
         *
         * @param groupIds only the members of these groups; {@code null} for every group
         */
        List<ReviewItem> items(long reviewId, Set<String> groupIds, int offset, int limit);

        /** How many members the review covers in these groups ({@code null}: in every group). */
        int countItems(long reviewId, Set<String> groupIds);

        /**
         * Records a reviewer's verdict on an undecided member, and what came of it.
         *
         * @return false when the member was decided already (the first decision wins)
         */
        boolean decide(long reviewId, String groupId, String memberDnNorm, ReviewVerdict verdict, String reason,
                String decidedBy, Instant at, Outcome outcome, Long outboxId);

        /** Gives an undecided member the default's outcome. */
        void applyDefault(long reviewId, String groupId, String memberDnNorm, Outcome outcome, Long outboxId);

        /** Moves the review to {@code state}; {@code heldReason} only for {@link AccessReview.State#HELD}. */
        void close(long id, AccessReview.State state, String closedBy, Instant at, String heldReason);

        /** Open reviews whose deadline is at or before {@code now}, and held ones, oldest first. */
        List<AccessReview> dueBy(Instant now);

        /** V5: open reviews whose deadline is after {@code now} and at or before {@code by}, soonest first. */
        List<AccessReview> openUntil(Instant now, Instant by);

        /**
         * V5: the smallest number of days before the review's deadline a reminder went to this reviewer at, if any.
         */
        Optional<Integer> closestReminder(long reviewId, String reviewerDnNorm);

        /** V5: the reminder {@code daysBefore} the deadline went to this reviewer. */
        void recordReminder(long reviewId, String reviewerDnNorm, int daysBefore, Instant at);

        /** When the schedule last started a review, if it ever did. */
        Optional<Instant> lastStart(String schedule);

        /** Groups in state active, by name. */
        List<StoredGroup> activeGroups();
    }
}
