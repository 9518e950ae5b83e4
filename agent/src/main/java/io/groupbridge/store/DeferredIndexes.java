package io.groupbridge.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A load into empty value tables on PostgreSQL without their indexes and constraints, which are built again, from
 * the definitions the catalog held, once the rows are in (issue 13, point 2). Checking a member row's foreign key
 * costs about as much as loading it, and keeping two B-trees up to date costs more than sorting the rows once: at
 * size S the member rows load in about a third of the time. All of it happens in the run's transaction (spec Y3): a
 * run that fails or is dry rolls the drop back with the rows, and the tables are locked until it ends, so nobody
 * meets them without their constraints. Only the tables' owner may drop and add constraints; for any other
 * database user the load keeps the indexes.
 */
final class DeferredIndexes {

    // Definitions to restore, in order: primary keys and unique constraints, then plain indexes, then foreign keys.
    private final List<String> restore;

    private DeferredIndexes(List<String> restore) {
        this.restore = restore;
    }

    /**
     * Drops the indexes and constraints of the tables when every one is empty, owned by the current user and not
     * referenced by another table's foreign key; empty when not, and then nothing changed.
     */
    static Optional<DeferredIndexes> dropIfEmpty(Handle h, List<String> tables) {
        boolean owned = h.createQuery("SELECT COUNT(*) = :n FROM pg_class WHERE oid = ANY(CAST(:tables AS regclass[]))"
                        + " AND pg_has_role(relowner, 'USAGE')")
                .bind("n", tables.size()).bindArray("tables", String.class, tables).mapTo(Boolean.class).one();
        boolean referenced = h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f'"
                        + " AND confrelid = ANY(CAST(:tables AS regclass[]))"
                        + " AND conrelid <> ALL(CAST(:tables AS regclass[])))")
                .bindArray("tables", String.class, tables).mapTo(Boolean.class).one();
        if (!owned || referenced) {
            return Optional.empty();
        }
        // Self-service and the write-back wait for the run instead of writing between the check and the load.
        h.execute("LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
        for (String table : tables) {
            if (h.createQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")").mapTo(Boolean.class).one()) {
                return Optional.empty();
            }
        }
        List<String> keys = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        List<String> keyDrops = new ArrayList<>();
        List<String> indexDrops = new ArrayList<>();
        List<String> foreignKeyDrops = new ArrayList<>();
        for (String table : tables) {
            h.createQuery("SELECT conname, contype = 'f', pg_get_constraintdef(oid) FROM pg_constraint"
                            + " WHERE conrelid = CAST(:t AS regclass) AND contype IN ('p', 'u', 'f') ORDER BY conname")
                    .bind("t", table)
                    .map((rs, ctx) -> {
                        boolean foreign = rs.getBoolean(2);
                        (foreign ? foreignKeys : keys).add("ALTER TABLE " + table + " ADD CONSTRAINT "
                                + rs.getString(1) + " " + rs.getString(3));
                        (foreign ? foreignKeyDrops : keyDrops).add("ALTER TABLE " + table + " DROP CONSTRAINT "
                                + rs.getString(1));
                        return null;
                    })
                    .forEach(ignored -> { });
            h.createQuery("SELECT CAST(CAST(i.indexrelid AS regclass) AS text), pg_get_indexdef(i.indexrelid)"
                            + " FROM pg_index i WHERE i.indrelid = CAST(:t AS regclass) AND NOT EXISTS"
                            + " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1")
                    .bind("t", table)
                    .map((rs, ctx) -> {
                        indexDrops.add("DROP INDEX " + rs.getString(1));
                        indexes.add(rs.getString(2));
                        return null;
                    })
                    .forEach(ignored -> { });
        }
        // A foreign key goes before the key it may stand on, and comes back after it.
        foreignKeyDrops.forEach(h::execute);
        keyDrops.forEach(h::execute);
        indexDrops.forEach(h::execute);
        List<String> restore = new ArrayList<>(keys);
        restore.addAll(indexes);
        restore.addAll(foreignKeys);
        return Optional.of(new DeferredIndexes(restore));
    }

    /** Builds what {@link #dropIfEmpty} dropped; a foreign key is checked here, once, over all the loaded rows. */
    void restore(Handle h) {
        restore.forEach(h::execute);
    }
}
