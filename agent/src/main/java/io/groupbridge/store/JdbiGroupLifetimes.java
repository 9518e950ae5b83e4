package io.groupbridge.store;

import static io.groupbridge.store.JdbiSelfServiceStore.GROUP_COLUMNS;

import io.groupbridge.model.GroupKind;
import io.groupbridge.selfservice.GroupLifetimes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** {@link GroupLifetimes} over V24's tables, in the handle of one self-service transaction. */
final class JdbiGroupLifetimes implements GroupLifetimes {

    private static final String LIFETIME_SELECT = "SELECT " + GROUP_COLUMNS + ", g.created_at, r.renewed_at,"
            + " (SELECT COUNT(*) FROM group_owner o WHERE o.group_id = g.id)"
            + " FROM directory_group g LEFT JOIN group_renewal r ON r.group_id = g.id";
    private static final String EXPIRED_SELECT = "SELECT " + GROUP_COLUMNS + ", e.expires_at, e.expired_at,"
            + " e.restore_until, e.restored_at FROM expired_group e JOIN directory_group g ON g.id = e.group_id";

    private final Handle h;

    JdbiGroupLifetimes(Handle h) {
        this.h = h;
    }

    @Override
    public List<ExpiringGroup> groupsOfKinds(Set<GroupKind> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return h.createQuery(LIFETIME_SELECT + " WHERE g.state = 'active' AND g.eligible = TRUE"
                        + " AND g.kind IN (<kinds>) ORDER BY g.dn_norm")
                .bindList("kinds", kinds.stream().map(GroupKind::wireName).toList())
                .map((rs, ctx) -> expiringGroup(rs))
                .list();
    }

    @Override
    public int activeGroups() {
        return h.createQuery("SELECT COUNT(*) FROM directory_group WHERE state = 'active'").mapTo(Integer.class).one();
    }

    @Override
    public Optional<ExpiringGroup> group(String groupId) {
        return h.createQuery(LIFETIME_SELECT + " WHERE g.id = :g").bind("g", groupId)
                .map((rs, ctx) -> expiringGroup(rs))
                .findOne();
    }

    @Override
    public Optional<Instant> start() {
        return h.createQuery("SELECT started_at FROM expiration_start WHERE name = 'policy'")
                .map((rs, ctx) -> JdbiSelfServiceStore.JdbiTx.instant(rs, 1)).findOne();
    }

    @Override
    public void started(Instant at) {
        if (start().isEmpty()) {
            h.createUpdate("INSERT INTO expiration_start (name, started_at) VALUES ('policy', :at)").bind("at", at)
                    .execute();
        }
    }

    @Override
    public void renew(String groupId, String by, Instant at) {
        h.createUpdate("DELETE FROM group_renewal WHERE group_id = :g").bind("g", groupId).execute();
        h.createUpdate("INSERT INTO group_renewal (group_id, renewed_at, renewed_by) VALUES (:g, :at, :by)")
                .bind("g", groupId).bind("at", at).bind("by", by).execute();
    }

    @Override
    public Optional<Integer> closestReminder(String groupId, Instant expiresAt) {
        return h.createQuery("SELECT MIN(days_before) FROM group_expiry_reminder WHERE group_id = :g"
                        + " AND expires_at = :e")
                .bind("g", groupId).bind("e", expiresAt)
                .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getInt(1)).findOne();
    }

    @Override
    public void recordReminder(String groupId, Instant expiresAt, int daysBefore, Instant at) {
        h.createUpdate("INSERT INTO group_expiry_reminder (group_id, expires_at, days_before, sent_at)"
                        + " VALUES (:g, :e, :d, :at)")
                .bind("g", groupId).bind("e", expiresAt).bind("d", daysBefore).bind("at", at).execute();
    }

    @Override
    public void recordExpired(String groupId, Instant expiresAt, Instant at, Instant restoreUntil) {
        h.createUpdate("DELETE FROM expired_group WHERE group_id = :g").bind("g", groupId).execute();
        h.createUpdate("INSERT INTO expired_group (group_id, expires_at, expired_at, restore_until)"
                        + " VALUES (:g, :e, :at, :until)")
                .bind("g", groupId).bind("e", expiresAt).bind("at", at).bind("until", restoreUntil).execute();
    }

    @Override
    public Optional<ExpiredGroup> expired(String groupId) {
        return h.createQuery(EXPIRED_SELECT + " WHERE e.group_id = :g").bind("g", groupId)
                .map((rs, ctx) -> expiredGroup(rs)).findOne();
    }

    @Override
    public List<ExpiredGroup> expiredGroups() {
        return h.createQuery(EXPIRED_SELECT + " WHERE e.restored_at IS NULL ORDER BY e.expired_at DESC, g.dn_norm")
                .map((rs, ctx) -> expiredGroup(rs)).list();
    }

    @Override
    public void restoring(String groupId, String by, Instant at) {
        DirectoryGroups.markRestoring(h, groupId, at);
        h.createUpdate("UPDATE expired_group SET restored_at = :at, restored_by = :by WHERE group_id = :g")
                .bind("g", groupId).bind("at", at).bind("by", by).execute();
    }

    private static ExpiringGroup expiringGroup(ResultSet rs) throws SQLException {
        return new ExpiringGroup(JdbiSelfServiceStore.JdbiTx.group(rs), JdbiSelfServiceStore.JdbiTx.instant(rs, 13),
                Optional.ofNullable(JdbiSelfServiceStore.JdbiTx.instant(rs, 14)), rs.getInt(15));
    }

    private static ExpiredGroup expiredGroup(ResultSet rs) throws SQLException {
        return new ExpiredGroup(JdbiSelfServiceStore.JdbiTx.group(rs), JdbiSelfServiceStore.JdbiTx.instant(rs, 13),
                JdbiSelfServiceStore.JdbiTx.instant(rs, 14), JdbiSelfServiceStore.JdbiTx.instant(rs, 15),
                Optional.ofNullable(JdbiSelfServiceStore.JdbiTx.instant(rs, 16)));
    }
}
