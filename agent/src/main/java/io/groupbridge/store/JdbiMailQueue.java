package io.groupbridge.store;

import io.groupbridge.model.MailKind;
import io.groupbridge.model.MailReview;
import io.groupbridge.notify.MailQueue;
import io.groupbridge.notify.QueuedMail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** The mail queue in the group store (V20); every method is one statement, so one transaction. */
final class JdbiMailQueue implements MailQueue {

    private static final int ERROR_LIMIT = 4000;

    private final Jdbi jdbi;

    JdbiMailQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<QueuedMail> due(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, kind, recipient_mail, recipient_name, group_id,"
                        + " group_name, request_id, subject_name, actor_name, justification, reason, ends_at, attempts,"
                        + " created_at, review_id, review_title, undecided FROM mail_queue WHERE state = 'pending' AND next_attempt_at <= :now ORDER BY id")
                .bind("now", now)
                .setMaxRows(limit)
                .map((rs, ctx) -> mail(rs))
                .list());
    }

    @Override
    public boolean claim(long id, int attempts, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE mail_queue SET attempts = attempts + 1,"
                        + " next_attempt_at = :lease WHERE id = :id AND state = 'pending' AND attempts = :attempts")
                .bind("lease", leaseUntil).bind("id", id).bind("attempts", attempts).execute() == 1);
    }

    @Override
    public void markSent(long id, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE mail_queue SET state = 'sent', sent_at = :at, last_error = NULL"
                + " WHERE id = :id").bind("at", at).bind("id", id).execute());
    }

    @Override
    public void markRetry(long id, Instant next, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE mail_queue SET next_attempt_at = :next, last_error = :error"
                + " WHERE id = :id").bind("next", next).bind("error", truncate(error)).bind("id", id).execute());
    }

    @Override
    public void markFailed(long id, Instant at, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE mail_queue SET state = 'failed', next_attempt_at = :at,"
                + " last_error = :error WHERE id = :id").bind("at", at).bind("error", truncate(error)).bind("id", id)
                .execute());
    }

    @Override
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM mail_queue GROUP BY state")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue())));
        return counts;
    }

    private static QueuedMail mail(ResultSet rs) throws SQLException {
        long request = rs.getLong(7);
        Long requestId = rs.wasNull() ? null : request;
        long reviewId = rs.getLong(15);
        MailReview review = rs.wasNull() ? null : new MailReview(reviewId, rs.getString(16), rs.getInt(17));
        return new QueuedMail(rs.getLong(1), MailKind.fromWireName(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), requestId, rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)), rs.getInt(13),
                instant(rs.getTimestamp(14)), review);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= ERROR_LIMIT ? s : s.substring(0, ERROR_LIMIT);
    }
}
