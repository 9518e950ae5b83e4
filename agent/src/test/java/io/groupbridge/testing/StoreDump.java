package io.groupbridge.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Every row of every group-store table as sorted text, to prove that a run changed nothing at all. */
public final class StoreDump {

    private static final List<String> TABLES = List.of("directory_person", "directory_group", "group_owner",
            "group_member", "join_request", "outbox", "audit_event", "sync_checkpoint");

    private StoreDump() {
    }

    public static Map<String, List<String>> of(Jdbi jdbi) {
        Map<String, List<String>> dump = new TreeMap<>();
        jdbi.useHandle(h -> {
            for (String table : TABLES) {
                List<String> rows = h.createQuery("SELECT * FROM " + table)
                        .mapToMap()
                        .map(row -> new TreeMap<>(row).toString())
                        .list();
                rows.sort(String::compareTo);
                dump.put(table, rows);
            }
        });
        return dump;
    }
}
