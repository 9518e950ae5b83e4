package io.groupbridge.store;

import io.groupbridge.selfservice.AccessReview;
import io.groupbridge.selfservice.ReviewItem;
import io.groupbridge.selfservice.ReviewItem.Outcome;
import io.groupbridge.selfservice.ReviewStore;
import io.groupbridge.selfservice.ReviewVerdict;
import io.groupbridge.selfservice.SelfServiceStore;
import io.groupbridge.selfservice.StoredGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * Access reviews in the store (spec V1-V5): the tables {@code access_review}, {@code access_review_item} and
 * {@code access_review_reminder}. Each {@link #inTransaction} call runs on one handle, shared with the self-service
 * view it hands out beside.
 */
final class JdbiReviewStore implements ReviewStore {

    private static final String REVIEW_COLUMNS = "r.id, r.title, r.scope, r.schedule_name, r.reviewer_dn,"
            + " r.default_verdict, r.state, r.started_by, r.started_at, r.deadline, r.closed_by, r.closed_at,"
            + " r.held_reason";

    // Members and undecided members per review, for listings.
    private static final String SUMMARY_SELECT = "SELECT " + REVIEW_COLUMNS + ","
            + " (SELECT COUNT(*) FROM access_review_item i WHERE i.review_id = r.id),"
            + " (SELECT COUNT(*) FROM access_review_item i WHERE i.review_id = r.id AND i.outcome IS NULL)"
            + " FROM access_review r";

    private static final String ITEM_SELECT = "SELECT review_id, group_id, group_dn, group_name, member_dn,"
            + " member_dn_norm, verdict, reason, decided_by, decided_at, outcome, outbox_id FROM access_review_item";
    private static final String ITEM_ORDER = " ORDER BY group_name, group_id, member_dn_norm";

    private final Jdbi jdbi;
    private final Function<Handle, SelfServiceStore.Tx> selfService;

    JdbiReviewStore(Jdbi jdbi, Function<Handle, SelfServiceStore.Tx> selfService) {
        this.jdbi = jdbi;
        this.selfService = selfService;
    }

    @Override
    public <R> R inTransaction(BiFunction<SelfServiceStore.Tx, Tx, R> work) {
        return Conflicts.retryOnce(jdbi, h -> work.apply(selfService.apply(h), new ReviewTx(h)));
    }

    private static final class ReviewTx implements Tx {
        private final Handle h;

        ReviewTx(Handle h) {
            this.h = h;
        }

        @Override
        public long insertReview(NewReview r) {
            return h.createUpdate("INSERT INTO access_review (title, scope, schedule_name, reviewer_dn_norm,"
                            + " reviewer_dn, default_verdict, state, started_by, started_at, deadline)"
                            + " VALUES (:title, :scope, :schedule, :reviewerNorm, :reviewer, :verdict, 'open', :by,"
                            + " :at, :deadline)")
                    .bind("title", r.title()).bind("scope", truncate(r.scope(), 512)).bind("schedule", r.schedule())
                    .bind("reviewerNorm", r.reviewer() == null ? null : r.reviewer().dn().normalized())
                    .bind("reviewer", r.reviewer() == null ? null : r.reviewer().dn().written())
                    .bind("verdict", r.defaultVerdict().wireName()).bind("by", r.startedBy())
                    .bind("at", r.startedAt()).bind("deadline", r.deadline())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        }

        @Override
        public void insertItem(long reviewId, StoredGroup group, String memberDn, String memberDnNorm) {
            h.createUpdate("INSERT INTO access_review_item (review_id, group_id, group_dn, group_name, member_dn_norm,"
                            + " member_dn) VALUES (:r, :g, :gdn, :gname, :norm, :dn)")
                    .bind("r", reviewId).bind("g", group.id()).bind("gdn", group.dn().written())
                    .bind("gname", group.name()).bind("norm", memberDnNorm).bind("dn", memberDn).execute();
        }

        @Override
        public Optional<AccessReview> review(long id) {
            return h.createQuery("SELECT " + REVIEW_COLUMNS + " FROM access_review r WHERE r.id = :id")
                    .bind("id", id).map((rs, ctx) -> review(rs)).findOne();
        }

        @Override
        public List<Summary> summaries() {
            return h.createQuery(SUMMARY_SELECT + " ORDER BY r.id DESC").map((rs, ctx) -> summary(rs)).list();
        }

        @Override
        public List<Summary> summariesReviewedBy(String personDnNorm) {
            return h.createQuery(SUMMARY_SELECT + " WHERE r.reviewer_dn_norm = :p OR (r.reviewer_dn_norm IS NULL"
                            + " AND EXISTS (SELECT 1 FROM access_review_item i LEFT JOIN group_alias a"
                            + " ON a.old_id = i.group_id JOIN group_owner o"
                            + " ON o.group_id = COALESCE(a.group_id, i.group_id)"
                            + " WHERE i.review_id = r.id AND o.owner_dn_norm = :p)) ORDER BY r.id DESC")
                    .bind("p", personDnNorm).map((rs, ctx) -> summary(rs)).list();
        }

        @Override
        public List<ReviewItem> items(long reviewId) {
            return h.createQuery(ITEM_SELECT + " WHERE review_id = :r" + ITEM_ORDER)
                    .bind("r", reviewId).map((rs, ctx) -> item(rs)).list();
        }

        @Override
        public List<String> groupIds(long reviewId) {
            return h.createQuery("SELECT DISTINCT group_id FROM access_review_item WHERE review_id = :r")
                    .bind("r", reviewId).mapTo(String.class).list();
        }

        @Override
        public List<ReviewItem> items(long reviewId, Set<String> groupIds, int offset, int limit) {
            if (groupIds != null && groupIds.isEmpty()) {
                return List.of();
            }
            Query q = h.createQuery(ITEM_SELECT + " WHERE review_id = :r" + (groupIds == null ? ""
                    : " AND group_id IN (<groups>)") + ITEM_ORDER + " OFFSET " + Math.max(0, offset)
                    + " ROWS FETCH NEXT " + Math.max(1, limit) + " ROWS ONLY").bind("r", reviewId);
            if (groupIds != null) {
                q.bindList("groups", List.copyOf(groupIds));
            }
            return q.map((rs, ctx) -> item(rs)).list();
        }

        @Override
        public int countItems(long reviewId, Set<String> groupIds) {
            if (groupIds != null && groupIds.isEmpty()) {
                return 0;
            }
            Query q = h.createQuery("SELECT COUNT(*) FROM access_review_item WHERE review_id = :r"
                    + (groupIds == null ? "" : " AND group_id IN (<groups>)")).bind("r", reviewId);
            if (groupIds != null) {
                q.bindList("groups", List.copyOf(groupIds));
            }
            return q.mapTo(Integer.class).one();
        }

        private static ReviewItem item(ResultSet rs) throws SQLException {
            return new ReviewItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), Optional.ofNullable(rs.getString(7)).map(ReviewVerdict::fromWireName),
                    Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)),
                    Optional.ofNullable(instant(rs, 10)), Optional.ofNullable(rs.getString(11))
                    .map(Outcome::fromWireName), Optional.ofNullable((Long) rs.getObject(12, Long.class)));
        }

        @Override
        public boolean decide(long reviewId, String groupId, String memberDnNorm, ReviewVerdict verdict,
                String reason, String decidedBy, Instant at, Outcome outcome, Long outboxId) {
            return h.createUpdate("UPDATE access_review_item SET verdict = :v, reason = :reason, decided_by = :by,"
                            + " decided_at = :at, outcome = :outcome, outbox_id = :outbox WHERE review_id = :r"
                            + " AND group_id = :g AND member_dn_norm = :m AND verdict IS NULL AND outcome IS NULL")
                    .bind("v", verdict.wireName()).bind("reason", reason).bind("by", decidedBy).bind("at", at)
                    .bind("outcome", outcome.wireName()).bind("outbox", outboxId).bind("r", reviewId)
                    .bind("g", groupId).bind("m", memberDnNorm).execute() == 1;
        }

        @Override
        public void applyDefault(long reviewId, String groupId, String memberDnNorm, Outcome outcome,
                Long outboxId) {
            h.createUpdate("UPDATE access_review_item SET outcome = :outcome, outbox_id = :outbox WHERE review_id = :r"
                            + " AND group_id = :g AND member_dn_norm = :m AND outcome IS NULL")
                    .bind("outcome", outcome.wireName()).bind("outbox", outboxId).bind("r", reviewId)
                    .bind("g", groupId).bind("m", memberDnNorm).execute();
        }

        @Override
        public void close(long id, AccessReview.State state, String closedBy, Instant at, String heldReason) {
            h.createUpdate("UPDATE access_review SET state = :s, closed_by = :by, closed_at = :at, held_reason = :held"
                            + " WHERE id = :id")
                    .bind("s", state.wireName()).bind("by", closedBy).bind("at", at).bind("held", heldReason)
                    .bind("id", id).execute();
        }

        @Override
        public List<AccessReview> dueBy(Instant now) {
            return h.createQuery("SELECT " + REVIEW_COLUMNS + " FROM access_review r WHERE (r.state = 'open'"
                            + " AND r.deadline <= :now) OR r.state = 'held' ORDER BY r.deadline, r.id")
                    .bind("now", now).map((rs, ctx) -> review(rs)).list();
        }

        @Override
        public List<AccessReview> openUntil(Instant now, Instant by) {
            return h.createQuery("SELECT " + REVIEW_COLUMNS + " FROM access_review r WHERE r.state = 'open'"
                            + " AND r.deadline > :now AND r.deadline <= :by ORDER BY r.deadline, r.id")
                    .bind("now", now).bind("by", by).map((rs, ctx) -> review(rs)).list();
        }

        @Override
        public Optional<Integer> closestReminder(long reviewId, String reviewerDnNorm) {
            return h.createQuery("SELECT MIN(days_before) FROM access_review_reminder WHERE review_id = :r"
                            + " AND reviewer_dn_norm = :p")
                    .bind("r", reviewId).bind("p", reviewerDnNorm)
                    .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getInt(1)).findOne();
        }

        @Override
        public void recordReminder(long reviewId, String reviewerDnNorm, int daysBefore, Instant at) {
            h.createUpdate("INSERT INTO access_review_reminder (review_id, reviewer_dn_norm, days_before, sent_at)"
                            + " VALUES (:r, :p, :d, :at)")
                    .bind("r", reviewId).bind("p", reviewerDnNorm).bind("d", daysBefore).bind("at", at).execute();
        }

        @Override
        public Optional<Instant> lastStart(String schedule) {
            return h.createQuery("SELECT MAX(started_at) FROM access_review WHERE schedule_name = :s")
                    .bind("s", schedule).map((rs, ctx) -> instant(rs, 1)).findOne();
        }

        @Override
        public List<StoredGroup> activeGroups() {
            return JdbiSelfServiceStore.activeGroups(h);
        }

        private static Summary summary(ResultSet rs) throws SQLException {
            return new Summary(review(rs), rs.getInt(14), rs.getInt(15));
        }

        private static AccessReview review(ResultSet rs) throws SQLException {
            return new AccessReview(rs.getLong(1), rs.getString(2), rs.getString(3),
                    Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                    ReviewVerdict.fromWireName(rs.getString(6)), AccessReview.State.fromWireName(rs.getString(7)),
                    rs.getString(8), instant(rs, 9), instant(rs, 10), Optional.ofNullable(rs.getString(11)),
                    Optional.ofNullable(instant(rs, 12)), Optional.ofNullable(rs.getString(13)));
        }

        private static Instant instant(ResultSet rs, int column) throws SQLException {
            Timestamp t = rs.getTimestamp(column);
            return t == null ? null : t.toInstant();
        }

        private static String truncate(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max);
        }
    }
}
