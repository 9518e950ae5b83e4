package io.groupbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Reads single columns out of the group store, whichever database holds it. */
final class StoreRows {

    private StoreRows() {
    }

    /** The only row's first column as text; fails the test unless there is exactly one row. */
    static String text(Jdbi jdbi, String sql, Object... args) {
        List<String> rows = texts(jdbi, sql, args);
        assertThat(rows).as(sql).hasSize(1);
        return rows.get(0);
    }

    static List<String> texts(Jdbi jdbi, String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(String.class).list();
        });
    }

    static String idOfGroup(Jdbi jdbi, String name) {
        return text(jdbi, "SELECT id FROM directory_group WHERE name = ?", name);
    }
}
