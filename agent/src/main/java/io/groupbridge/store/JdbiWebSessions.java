package io.groupbridge.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The web panel's signed-in sessions (table {@code web_session}, V9). Rows are keyed by the SHA-256 of the cookie's
 * value, which the caller computes; the value itself is never stored. Every agent on one store sees the same
 * sessions. Thread-safe.
 */
public final class JdbiWebSessions {

    /**
     * One session.
     *
     * @param idHash    hex SHA-256 of the cookie value
     * @param actorDn   the signed-in person's normalized DN
     * @param actorKind {@code person} (the only kind that signs in through the web today)
     * @param csrfToken the synchronizer token state-changing requests must carry
     * @param noticePath the page a notice waits for ({@link #leaveNotice}), read with the row so that a page with
     *                   none to show asks no more; empty when none waits
     */
    public record Row(String idHash, String actorDn, String actorKind, String csrfToken, Instant createdAt,
            Instant lastSeenAt, Optional<String> noticePath) {
        public Row {
            Objects.requireNonNull(idHash, "idHash");
            Objects.requireNonNull(actorDn, "actorDn");
            Objects.requireNonNull(actorKind, "actorKind");
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(lastSeenAt, "lastSeenAt");
            Objects.requireNonNull(noticePath, "noticePath");
        }

        /** A new session's row, with no notice waiting. */
        public Row(String idHash, String actorDn, String actorKind, String csrfToken, Instant createdAt,
                Instant lastSeenAt) {
            this(idHash, actorDn, actorKind, csrfToken, createdAt, lastSeenAt, Optional.empty());
        }
    }

    private final Jdbi jdbi;

    JdbiWebSessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Row row) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO web_session (id_hash, actor_dn, actor_kind, csrf_token,"
                        + " created_at, last_seen_at) VALUES (:id, :dn, :kind, :csrf, :created, :seen)")
                .bind("id", row.idHash()).bind("dn", row.actorDn()).bind("kind", row.actorKind())
                .bind("csrf", row.csrfToken()).bind("created", row.createdAt()).bind("seen", row.lastSeenAt())
                .execute());
    }

    public Optional<Row> find(String idHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id_hash, actor_dn, actor_kind, csrf_token, created_at,"
                        + " last_seen_at, CASE WHEN notice_text IS NULL THEN NULL ELSE notice_path END"
                        + " FROM web_session WHERE id_hash = :id")
                .bind("id", idHash)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), Optional.ofNullable(rs.getString(7))))
                .findOne());
    }

    /** Records use of the session; an older time than the stored one is ignored (two agents, one session). */
    public void touch(String idHash, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE web_session SET last_seen_at = :at WHERE id_hash = :id"
                        + " AND last_seen_at < :at")
                .bind("id", idHash).bind("at", at).execute());
    }

    /**
     * A one-time notice of the panel, waiting for the page at {@code path}.
     *
     * @param refused whether it reports a refusal or bad input
     */
    public record Notice(boolean refused, String text, String path) {
        public Notice {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(path, "path");
        }
    }

    /** Leaves {@code notice} with the session, in place of any one not shown yet. */
    public void leaveNotice(String idHash, Notice notice) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE web_session SET notice_refused = :refused, notice_text = :text,"
                        + " notice_path = :path WHERE id_hash = :id")
                .bind("id", idHash).bind("refused", notice.refused()).bind("text", notice.text())
                .bind("path", notice.path()).execute());
    }

    /**
     * Takes the session's notice if it waits for the page at {@code path}: only one of several requests (on one agent
     * or two) gets it, since the clearing update names the notice it read.
     */
    public Optional<Notice> takeNotice(String idHash, String path) {
        return jdbi.withHandle(h -> {
            Optional<Notice> waiting = h.createQuery("SELECT notice_refused, notice_text, notice_path FROM web_session"
                            + " WHERE id_hash = :id AND notice_path = :path AND notice_text IS NOT NULL")
                    .bind("id", idHash).bind("path", path)
                    .map((rs, ctx) -> new Notice(rs.getBoolean(1), rs.getString(2), rs.getString(3))).findOne();
            if (waiting.isEmpty()) {
                return waiting;
            }
            int taken = h.createUpdate("UPDATE web_session SET notice_refused = NULL, notice_text = NULL,"
                            + " notice_path = NULL WHERE id_hash = :id AND notice_path = :path AND notice_text = :text")
                    .bind("id", idHash).bind("path", path).bind("text", waiting.get().text()).execute();
            return taken == 1 ? waiting : Optional.empty();
        });
    }

    /** @return whether there was such a session */
    public boolean delete(String idHash) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_session WHERE id_hash = :id")
                .bind("id", idHash).execute()) > 0;
    }

    /** Deletes the sessions unused since {@code idleBefore} or created before {@code createdBefore}. */
    public int deleteExpired(Instant idleBefore, Instant createdBefore) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM web_session WHERE last_seen_at < :idle"
                        + " OR created_at < :created")
                .bind("idle", idleBefore).bind("created", createdBefore).execute());
    }

    /** How many sessions the store holds, signed-out and expired ones excepted once swept; for tests and status. */
    public int count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM web_session").mapTo(Integer.class).one());
    }
}
