package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.sync.GroupSummary;
import io.groupbridge.testing.TestHome;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.quartz.utils.ConnectionProvider;

/** Opening the group store. */
class GroupStoreTest {

    /** issue 10, finding 3: the error names the store's URL, but not a password written into it. */
    @Test
    void aStoreThatCannotBeReachedIsNamedWithoutThePasswordInItsUrl() throws Exception {
        String url = "jdbc:hsqldb:hsql://127.0.0.1:" + TestHome.freePort() + "/gb;password=url-secret";

        assertThatThrownBy(() -> GroupStore.open(url, "SA", "", 2, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the group store at jdbc:hsqldb:hsql://127.0.0.1:")
                .hasMessageContaining("password=******")
                .hasMessageNotContaining("url-secret");
    }

    /**
     * Issue 11, point 4: a clustered daemon's Quartz takes its connections from the store's one pool, grown by the
     * schedule's share, rather than from a second pool; and only PostgreSQL gets Quartz's tables.
     */
    @Test
    void theScheduleBorrowsFromTheStorePoolGrownByItsShare() throws Exception {
        String url = "jdbc:hsqldb:mem:schedule-" + UUID.randomUUID();
        try (GroupStore store = GroupStore.open(url, "SA", "", 2, Clock.systemUTC())) {
            ConnectionProvider schedule = store.scheduleConnections(3);
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    held.add(i % 2 == 0 ? schedule.getConnection() : store.jdbi().open().getConnection());
                }
                assertThat(held).allSatisfy(c -> assertThat(c.isValid(1)).isTrue());
            } finally {
                for (Connection c : held) {
                    c.close();
                }
                schedule.shutdown();
            }
            int scheduleTables = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM"
                    + " information_schema.tables WHERE LOWER(table_name) LIKE 'qrtz%'").mapTo(Integer.class).one());
            assertThat(scheduleTables).isZero();
        }
    }

    /**
     * Issue 15, finding 2: a store that predates {@code dangling_member} gets the dangling values of every group
     * when it is migrated, so the first run after the upgrade reports them although it changes none of those groups.
     */
    @Test
    void migratingAStoreFromBeforeDanglingMembersFillsThemIn() throws Exception {
        String url = "jdbc:hsqldb:mem:pre-dangling-" + UUID.randomUUID();
        Flyway.configure().dataSource(url, "SA", "").locations("classpath:db/migration").target("6").load().migrate();
        Jdbi old = Jdbi.create(url, "SA", "");
        Instant at = Instant.parse("2024-06-01T08:00:00Z");
        old.useHandle(h -> {
            h.createUpdate("INSERT INTO directory_person (id, dn, dn_norm, fingerprint, created_at, updated_at)"
                    + " VALUES ('p1', 'uid=ann,dc=x', 'uid=ann,dc=x', 1, :at, :at)").bind("at", at).execute();
            for (String[] g : List.of(new String[] {"g1", "cn=a,dc=x", "active"},
                    new String[] {"g2", "cn=b,dc=x", "deleted"})) {
                h.createUpdate("INSERT INTO directory_group (id, dn, dn_norm, name, kind, role_assignable,"
                        + " object_class, member_attribute, channel, policy, eligible, fingerprint, state, created_at,"
                        + " updated_at) VALUES (:id, :dn, :dn, :id, 'security', FALSE, 'groupOfNames', 'member',"
                        + " 'api', 'open', TRUE, 1, :state, :at, :at)")
                        .bind("id", g[0]).bind("dn", g[1]).bind("state", g[2]).bind("at", at).execute();
            }
            for (String[] m : List.of(new String[] {"g1", "uid=ann,dc=x"}, new String[] {"g1", "uid=gone,dc=x"},
                    new String[] {"g1", "cn=b,dc=x"}, new String[] {"g2", "uid=gone,dc=x"})) {
                h.createUpdate("INSERT INTO group_member (group_id, member_dn_norm, member_dn) VALUES (:g, :m, :m)")
                        .bind("g", m[0]).bind("m", m[1]).execute();
            }
        });

        try (GroupStore store = GroupStore.open(url, "SA", "", 2, Clock.systemUTC())) {
            List<String> dangling = store.jdbi().withHandle(h -> h.createQuery("SELECT group_id || ' ' ||"
                    + " member_dn_norm FROM dangling_member ORDER BY member_dn_norm").mapTo(String.class).list());
            assertThat(dangling)
                    .as("a value naming no person, or only a deleted group; none of a deleted group")
                    .containsExactly("g1 cn=b,dc=x", "g1 uid=gone,dc=x");
        }
    }

    /**
     * Between a reconcile storing a created group's entry and the write-back retiring its provisional row, both rows
     * carry the DN; a lookup by name said "'Daemon Guild' names 2 groups" with the same DN twice.
     */
    @Test
    void aCreatedGroupIsFoundOnceWhileItsProvisionalRowAndItsEntryBothExist() throws Exception {
        String url = "jdbc:hsqldb:mem:provisional-" + UUID.randomUUID();
        try (GroupStore store = GroupStore.open(url, "SA", "", 2, Clock.systemUTC())) {
            Instant at = Instant.parse("2024-06-01T08:00:00Z");
            store.jdbi().useHandle(h -> {
                for (String[] g : List.of(new String[] {"provisional", "creating"}, new String[] {"entry-uuid", "active"},
                        new String[] {"other-home", "creating"})) {
                    h.createUpdate("INSERT INTO directory_group (id, dn, dn_norm, name, name_key, kind,"
                            + " role_assignable, object_class, member_attribute, channel, policy, eligible,"
                            + " fingerprint, state, created_at, updated_at) VALUES (:id, :dn, :dn, 'Guild', 'guild',"
                            + " 'security',"
                            + " FALSE,"
                            + " 'groupOfNames', 'member', 'api', 'open', TRUE, 1, :state, :at, :at)")
                            .bind("id", g[0]).bind("state", g[1]).bind("at", at)
                            .bind("dn", g[0].equals("other-home") ? "cn=guild,ou=elsewhere,dc=x" : "cn=guild,dc=x")
                            .execute();
                }
            });

            assertThat(store.queries().findGroups("Guild", null)).extracting(GroupSummary::id)
                    .containsExactlyInAnyOrder("entry-uuid", "other-home");
            assertThat(store.queries().findGroups("cn=guild,dc=x", "cn=guild,dc=x")).extracting(GroupSummary::id)
                    .containsExactly("entry-uuid");
        }
    }
}
