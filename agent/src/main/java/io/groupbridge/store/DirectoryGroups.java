package io.groupbridge.store;

import io.groupbridge.model.Dn;
import io.groupbridge.model.Eligibility;
import io.groupbridge.sync.DirectoryGroup;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The one writer of {@code directory_group} (issue 11, point 4): the reconcile, the write-back and self-service each
 * change a group's row through here, inside their own transaction, so the columns and what each state means are
 * spelled once. Reads stay with the queries that join the table to others ({@link GroupQueries}, the adapters).
 */
final class DirectoryGroups {

    private static final String INSERT = "INSERT INTO directory_group (id, dn, dn_norm, name, name_key, description,"
            + " kind, mail, membership_rule, role_assignable, object_class, member_attribute, channel, policy, eligible,"
            + " ineligible_rule, ineligible_reason, fingerprint, state, last_change_run, created_at, updated_at)"
            + " VALUES (:id, :dn, :dnNorm, :name, LOWER(:name), :description, :kind, :mail, :rule, :roleAssignable,"
            + " :objectClass,"
            + " :memberAttribute, :channel, :policy, :eligible, :ineligibleRule, :ineligibleReason, :fingerprint,"
            + " 'active', :run, :now, :now)";

    private DirectoryGroups() {
    }

    /** A batch of {@link #addInsert} rows, for a reconcile that stores many new groups at once. */
    static PreparedBatch prepareInserts(Handle h) {
        return h.prepareBatch(INSERT);
    }

    /**
     * Adds an active group, as the directory has it, to a batch from {@link #prepareInserts}.
     *
     * @param runId the reconcile run that saw it, {@code null} when the write-back stores a group it created
     */
    static void addInsert(PreparedBatch batch, DirectoryGroup g, String policy, String runId, Instant at) {
        batch.bindMap(fields(g)).bind("policy", policy).bind("run", runId).bind("now", at).add();
    }

    /** Stores one active group, as the directory has it; no run saw it (the write-back created it). */
    static void insert(Handle h, DirectoryGroup g, String policy, Instant at) {
        h.createUpdate(INSERT).bindMap(fields(g)).bind("policy", policy).bind("run", (String) null).bind("now", at)
                .execute();
    }

    /**
     * Stores a group self-service creates, before the directory has it: no mail, rule or fingerprint yet.
     *
     * @param state {@code creating}, until the write-back gives it the directory's id
     */
    static void insertCreating(Handle h, String id, String dn, String dnNorm, String name, String description,
            String kind, String channel, String policy, String state, String createdBy, Instant at) {
        h.createUpdate("INSERT INTO directory_group (id, dn, dn_norm, name, name_key, description, kind, mail,"
                        + " membership_rule, role_assignable, object_class, member_attribute, channel, policy,"
                        + " eligible, fingerprint, state, created_at, updated_at, created_by) VALUES (:id, :dn,"
                        + " :dnNorm, :name, LOWER(:name), :description, :kind, NULL, NULL, FALSE, 'groupOfNames', 'member',"
                        + " :channel, :policy, TRUE, 0, :state, :at, :at, :by)")
                .bind("id", id).bind("dn", dn).bind("dnNorm", dnNorm).bind("name", name)
                .bind("description", description).bind("kind", kind).bind("channel", channel).bind("policy", policy)
                .bind("state", state).bind("at", at).bind("by", createdBy)
                .execute();
    }

    /** A reconcile's view of a group it saw change: the directory's fields, active again if it was deleted. */
    static void updateFromDirectory(Handle h, DirectoryGroup g, String runId, Instant at) {
        h.createUpdate("UPDATE directory_group SET dn = :dn, dn_norm = :dnNorm, name = :name,"
                        + " name_key = LOWER(:name), description = :description, kind = :kind, mail = :mail, membership_rule = :rule,"
                        + " role_assignable = :roleAssignable, object_class = :objectClass,"
                        + " member_attribute = :memberAttribute, channel = :channel, eligible = :eligible,"
                        + " ineligible_rule = :ineligibleRule, ineligible_reason = :ineligibleReason,"
                        + " fingerprint = :fingerprint, state = 'active', deleted_at = NULL,"
                        + " last_change_run = :run, updated_at = :now WHERE id = :id")
                .bindMap(fields(g))
                .bind("run", runId)
                .bind("now", at)
                .execute();
    }

    /**
     * Groups the run stored at {@code at} whose DN a self-service creation is still waiting on take the creator's
     * policy, not the default.
     *
     * @return how many rows took it
     */
    static int keepCreatorsPolicies(Handle h, String runId, Instant at) {
        return h.createUpdate("UPDATE directory_group SET policy = (SELECT MIN(c.policy) FROM directory_group c"
                        + " WHERE c.state = 'creating' AND c.dn_norm = directory_group.dn_norm)"
                        + " WHERE last_change_run = :run AND created_at = :now AND state = 'active' AND EXISTS"
                        + " (SELECT 1 FROM directory_group c WHERE c.state = 'creating'"
                        + " AND c.dn_norm = directory_group.dn_norm)")
                .bind("run", runId).bind("now", at).execute();
    }

    /** What self-service may edit of a group: its name, description and join policy. */
    static void updateEditable(Handle h, String id, String name, String description, String policy, Instant at) {
        h.createUpdate("UPDATE directory_group SET name = :name, name_key = LOWER(:name), description = :description,"
                        + " policy = :policy,"
                        + " updated_at = :at WHERE id = :id")
                .bind("id", id).bind("name", name).bind("description", description).bind("policy", policy)
                .bind("at", at).execute();
    }

    static void setPolicy(Handle h, String id, String policy, Instant at) {
        h.createUpdate("UPDATE directory_group SET policy = :policy, updated_at = :at WHERE id = :id")
                .bind("policy", policy).bind("at", at).bind("id", id).execute();
    }

    static void setDescription(Handle h, String id, String description, Instant at) {
        h.createUpdate("UPDATE directory_group SET description = :d, updated_at = :at WHERE id = :g")
                .bind("d", description).bind("at", at).bind("g", id).execute();
    }

    /** The write-back's rename, once the directory confirmed the modify DN: the new name and the DN it gave. */
    static void rename(Handle h, String id, String name, Dn dn, Instant at) {
        h.createUpdate("UPDATE directory_group SET name = :name, name_key = LOWER(:name), dn = :dn, dn_norm = :norm,"
                        + " updated_at = :at"
                        + " WHERE id = :g")
                .bind("name", name).bind("dn", dn.written()).bind("norm", dn.normalized()).bind("at", at)
                .bind("g", id).execute();
    }

    /** Sets each group's fingerprint, group id to value, in one batch. */
    static void setFingerprints(Handle h, Map<String, Long> fingerprints) {
        if (fingerprints.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("UPDATE directory_group SET fingerprint = :f WHERE id = :g");
        fingerprints.forEach((id, f) -> batch.bind("f", f).bind("g", id).add());
        batch.execute();
    }

    /**
     * Takes the row's write lock without changing it, so that a concurrent transaction writing rows for the group
     * waits for this one (or this one for it).
     *
     * @return whether the row exists
     */
    static boolean hold(Handle h, String id) {
        return h.createUpdate("UPDATE directory_group SET updated_at = updated_at WHERE id = :g")
                .bind("g", id).execute() > 0;
    }

    /** As {@link #hold}, only while the group is still being created. */
    static boolean holdCreating(Handle h, String id) {
        return h.createUpdate("UPDATE directory_group SET updated_at = updated_at WHERE id = :g AND state = 'creating'")
                .bind("g", id).execute() > 0;
    }

    /** The directory's group keeps who asked for it, from the provisional row self-service made. */
    static void inheritCreator(Handle h, String realId, String provisionalId) {
        h.createUpdate("UPDATE directory_group SET created_by = (SELECT p.created_by FROM directory_group p"
                        + " WHERE p.id = :provisional) WHERE id = :real AND created_by IS NULL")
                .bind("real", realId).bind("provisional", provisionalId).execute();
    }

    /** Removes a row; only a provisional one, once everything that pointed at it follows the directory's id. */
    static void delete(Handle h, String id) {
        h.createUpdate("DELETE FROM directory_group WHERE id = :provisional").bind("provisional", id).execute();
    }

    /** Marks groups deleted, keeping their rows for the audit log and the group aliases. */
    static void markDeleted(Handle h, List<String> ids, Instant at) {
        h.createUpdate("UPDATE directory_group SET state = 'deleted', deleted_at = :now, updated_at = :now"
                        + " WHERE id IN (<ids>)")
                .bindList("ids", ids).bind("now", at).execute();
    }

    /** An expired group being restored (spec E4): creating again, as a new group waits for its entry. */
    static void markRestoring(Handle h, String id, Instant at) {
        h.createUpdate("UPDATE directory_group SET state = 'creating', deleted_at = NULL, updated_at = :at"
                        + " WHERE id = :g")
                .bind("g", id).bind("at", at).execute();
    }

    private static Map<String, Object> fields(DirectoryGroup g) {
        Eligibility e = g.eligibility();
        Map<String, Object> m = new HashMap<>();
        m.put("id", g.id());
        m.put("dn", g.dn().written());
        m.put("dnNorm", g.dn().normalized());
        m.put("name", g.name());
        m.put("description", g.description());
        m.put("kind", g.kind().wireName());
        m.put("mail", g.mail());
        m.put("rule", g.membershipRule());
        m.put("roleAssignable", g.roleAssignable());
        m.put("objectClass", g.objectClass());
        m.put("memberAttribute", g.memberAttribute());
        m.put("channel", g.channel().wireName());
        m.put("eligible", e.eligible());
        m.put("ineligibleRule", e.rule().orElse(null));
        m.put("ineligibleReason", e.reason().orElse(null));
        m.put("fingerprint", g.fingerprint());
        return m;
    }
}
