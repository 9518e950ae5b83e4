package io.groupbridge.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;

/**
 * The one writer of {@code audit_event}: every adapter that audits inserts through here, inside its own transaction,
 * so the table's columns are named in one place.
 */
final class AuditEvents {

    private static final String COLUMNS = "occurred_at, actor_dn, action_name, group_id, group_dn, target_dn, outcome,"
            + " decided_rule, detail";
    private static final String INSERT = "INSERT INTO audit_event (" + COLUMNS + ", settings_version) VALUES (:at,"
            + " :actor, :action, :g, :gdn, :target, :outcome, :rule, :detail, :v)";

    private AuditEvents() {
    }

    /**
     * One audited event.
     *
     * @param groupId, groupDn, targetDn, rule, detail, settingsVersion may be {@code null}
     */
    record Event(Instant at, String actorDn, String action, String groupId, String groupDn, String targetDn,
            String outcome, String rule, String detail, String settingsVersion) {
    }

    /** Inserts one event and returns its id. */
    static long insert(Handle h, Event e) {
        return bind(h.createUpdate(INSERT), e).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** A batch of events: {@link #add} each, then execute it. */
    static PreparedBatch batch(Handle h) {
        return h.prepareBatch(INSERT);
    }

    static void add(PreparedBatch batch, Event e) {
        bind(batch, e).add();
    }

    /**
     * Inserts one event per row of {@code select}, which yields, in this order, occurred_at, actor_dn, action_name,
     * group_id, group_dn, target_dn, outcome, decided_rule and detail; the settings version stays empty. The caller
     * binds the select's parameters and executes it.
     */
    static Update insertSelected(Handle h, String select) {
        return h.createUpdate("INSERT INTO audit_event (" + COLUMNS + ") " + select);
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Event e) {
        return statement.bind("at", e.at()).bind("actor", e.actorDn()).bind("action", e.action())
                .bind("g", e.groupId()).bind("gdn", e.groupDn()).bind("target", e.targetDn())
                .bind("outcome", e.outcome()).bind("rule", e.rule()).bind("detail", e.detail())
                .bind("v", e.settingsVersion());
    }
}
