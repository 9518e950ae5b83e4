package io.groupbridge.containers;

import static io.groupbridge.containers.StoreRows.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.SelfServiceStore;
import io.groupbridge.store.GroupQueries;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.ParsedParameters;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 7: every look-up a self-service action or a panel page makes is indexed, so its cost does not grow
 * with the directory. The store is filled on PostgreSQL with 50 000 people, 5 000 groups and 200 000 memberships;
 * each statement the store runs for the look-ups is explained, with its own bindings, as the store runs it, and no
 * plan may scan the people, memberships, owners, outbox or requests whole. The searches for a part of a name (the
 * Groups page, the people picker) may scan the table they search, and only that one.
 */
@ExtendWith(TestImagesAvailable.class)
class PostgresQueryPlanTest {

    // The searches for a part of a name may scan the first two, the tables they search.
    private static final List<String> INDEXED_TABLES = List.of("directory_person", "directory_group", "group_member",
            "group_owner", "outbox", "join_request", "group_block", "group_alias");

    @TempDir
    Path home;

    @Test
    void everyLookUpOfAnActionOrAPanelPageUsesAnIndexOnALargeStore() throws Exception { // issue 13 point 7
        try (TestImages.Server postgresql = TestImages.start(1, ports -> TestImages.postgresql(ports.get(0)))) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgresql.port() + "/postgres";
            try (TestHome t = TestHome.start(home, null, "store:\n  url: " + url + "\n  username: postgres\n");
                    GroupbridgeApp app = t.openApp()) {
                app.reconciler().run(false, Reconciler.Progress.NONE);
                fill(url);
                Jdbi jdbi = app.store().jdbi();
                String group = text(jdbi, "SELECT id FROM directory_group WHERE name = 'Generated 2500'");
                String person = "uid=gen0012345,ou=people,dc=example,dc=com";
                Map<String, String> plans = new LinkedHashMap<>();
                jdbi.setSqlLogger(new Explaining(plans));
                SelfServiceStore store = app.store().selfServiceStore();

                store.inTransaction(tx -> {
                    tx.person(person);
                    tx.peopleMatching("GEN0012345", null);
                    tx.peopleMatching("Gen0012345@Example.com", null);
                    tx.peopleMatching(person, person);
                    tx.resolveGroupId("provisional-2500");
                    tx.group(group);
                    tx.groupsNamedOrAt("generated 2500", "cn=generated 2500,ou=groups,dc=example,dc=com");
                    tx.owners(group);
                    tx.ownerPeople(group);
                    tx.isMember(group, person);
                    tx.members(group);
                    tx.pendingWrites(group);
                    tx.isBlocked(group, person);
                    tx.groupsListing(Set.of(person));
                    tx.groupsInvolving(person, person);
                    tx.pendingRequest(group, person);
                    tx.pendingRequests(group);
                    tx.pendingRequestsCreatedBefore(Instant.now().minus(Duration.ofDays(30)));
                    return null;
                });
                GroupQueries queries = app.store().queries();
                queries.findGroups("Generated 2500", null);
                queries.groupWithDescription(group);
                // The Groups page's search for the start of a name: a range on name_key's index (V28), no scan.
                queries.searchGroups(new GroupQueries.Search("generated 25", Set.of("distribution"), Set.of(),
                        Set.of(), Optional.empty(), true), 0, 20);
                Map<String, String> lookUps = new LinkedHashMap<>(plans);
                plans.clear();
                // A search for a part of a name reads the one table it searches (no index finds "contains"), but
                // nothing else whole: owners and members are counted for the page's rows only.
                store.inTransaction(tx -> tx.searchPeople("gen00123", 0, 20));
                queries.searchGroups(new GroupQueries.Search("generated 25", Set.of("distribution"), Set.of(),
                        Set.of(), Optional.of(new GroupQueries.JoinableBy(person, Set.of("open")))), 0, 100);
                jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);

                assertThat(lookUps).hasSizeGreaterThanOrEqualTo(18);
                lookUps.forEach((sql, plan) -> {
                    for (String table : INDEXED_TABLES) {
                        assertThat(plan).as("plan of %s", sql).doesNotContain("Seq Scan on " + table);
                    }
                });
                assertThat(plans).hasSizeGreaterThanOrEqualTo(3);
                plans.forEach((sql, plan) -> {
                    for (String table : INDEXED_TABLES.subList(2, INDEXED_TABLES.size())) {
                        assertThat(plan).as("plan of %s", sql).doesNotContain("Seq Scan on " + table);
                    }
                });
            }
        }
    }

    /** Multiplies the demo's rows into a store large enough that PostgreSQL's planner prefers an index it has. */
    private static void fill(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO directory_person (id, dn, dn_norm, login, display_name, mail, fingerprint,"
                    + " created_at, updated_at, login_key, mail_key)"
                    + " SELECT 'person-' || i, 'uid=Gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com',"
                    + " 'uid=gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com',"
                    + " 'Gen' || lpad(i::text, 7, '0'), 'Generated ' || i, 'Gen' || lpad(i::text, 7, '0')"
                    + " || '@example.com', i, now(), now(), 'gen' || lpad(i::text, 7, '0'),"
                    + " 'gen' || lpad(i::text, 7, '0') || '@example.com' FROM generate_series(1, 50000) i");
            s.execute("INSERT INTO directory_group (id, dn, dn_norm, name, name_key, description, kind, mail,"
                    + " membership_rule,"
                    + " role_assignable, object_class, member_attribute, channel, policy, eligible, ineligible_rule,"
                    + " ineligible_reason, fingerprint, state, last_change_run, created_at, updated_at, deleted_at,"
                    + " created_by)"
                    + " SELECT 'group-' || i, 'cn=Generated ' || i || ',ou=groups,dc=example,dc=com',"
                    + " 'cn=generated ' || i || ',ou=groups,dc=example,dc=com', 'Generated ' || i, 'generated ' || i,"
                    + " t.description,"
                    + " t.kind, t.mail, t.membership_rule, t.role_assignable, t.object_class, t.member_attribute,"
                    + " t.channel, t.policy, t.eligible, t.ineligible_rule, t.ineligible_reason, i, t.state,"
                    + " t.last_change_run, t.created_at, t.updated_at, t.deleted_at, t.created_by"
                    + " FROM generate_series(1, 5000) i, (SELECT * FROM directory_group WHERE state = 'active'"
                    + " AND eligible ORDER BY id LIMIT 1) t");
            s.execute("INSERT INTO group_member (group_id, member_dn_norm, member_dn)"
                    + " SELECT 'group-' || (1 + (i * 7919) % 5000), 'uid=gen' || lpad((1 + i % 50000)::text, 7, '0')"
                    + " || ',ou=people,dc=example,dc=com', 'uid=Gen' || lpad((1 + i % 50000)::text, 7, '0')"
                    + " || ',ou=people,dc=example,dc=com' FROM generate_series(1, 200000) i ON CONFLICT DO NOTHING");
            s.execute("INSERT INTO group_owner (group_id, owner_dn_norm, owner_dn)"
                    + " SELECT 'group-' || i, 'uid=gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com',"
                    + " 'uid=Gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com'"
                    + " FROM generate_series(1, 5000) i");
            s.execute("INSERT INTO outbox (group_id, group_dn, operation, value_dn, state, attempts,"
                    + " next_attempt_at, created_at, done_at, value_dn_norm)"
                    + " SELECT 'group-' || (1 + i % 5000), 'cn=Generated ' || (1 + i % 5000)"
                    + " || ',ou=groups,dc=example,dc=com', 'add-member', 'uid=Gen' || lpad(i::text, 7, '0')"
                    + " || ',ou=people,dc=example,dc=com', 'done', 1, now(), now(), now(),"
                    + " 'uid=gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com'"
                    + " FROM generate_series(1, 50000) i");
            s.execute("INSERT INTO join_request (group_id, requester_dn_norm, requester_dn, justification, state,"
                    + " created_at) SELECT 'group-' || (1 + i % 5000), 'uid=gen' || lpad(i::text, 7, '0')"
                    + " || ',ou=people,dc=example,dc=com', 'uid=Gen' || lpad(i::text, 7, '0')"
                    + " || ',ou=people,dc=example,dc=com', 'generated', 'approved', now()"
                    + " FROM generate_series(1, 50000) i");
            s.execute("INSERT INTO group_block (group_id, person_dn_norm, person_dn, blocked_by, blocked_at)"
                    + " SELECT 'group-' || i, 'uid=gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com',"
                    + " 'uid=Gen' || lpad(i::text, 7, '0') || ',ou=people,dc=example,dc=com', 'uid=alice', now()"
                    + " FROM generate_series(1, 5000) i");
            s.execute("INSERT INTO group_alias (old_id, group_id, created_at)"
                    + " SELECT 'provisional-' || i, 'group-' || i, now() FROM generate_series(1, 5000) i");
            s.execute("ANALYZE");
        }
    }

    /** Explains every query before the store runs it, on the store's own connection and with its bindings. */
    private static final class Explaining implements SqlLogger {
        private final Map<String, String> plans;

        Explaining(Map<String, String> plans) {
            this.plans = plans;
        }

        @Override
        public void logBeforeExecution(StatementContext ctx) {
            String sql = ctx.getParsedSql().getSql();
            if (!sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                return;
            }
            ParsedParameters parameters = ctx.getParsedSql().getParameters();
            try (PreparedStatement explain = ctx.getConnection().prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < parameters.getParameterCount(); i++) {
                    Optional<Argument> argument = parameters.isPositional()
                            ? ctx.getBinding().findForPosition(i)
                            : ctx.getBinding().findForName(parameters.getParameterNames().get(i), ctx);
                    argument.orElseThrow(() -> new IllegalStateException("no binding for a parameter of " + sql))
                            .apply(i + 1, explain, ctx);
                }
                List<String> lines = new ArrayList<>();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
                plans.merge(sql, String.join("\n", lines), (a, b) -> a + "\n" + b);
            } catch (SQLException e) {
                throw new IllegalStateException("EXPLAIN " + sql + " failed: " + e.getMessage(), e);
            }
        }
    }
}
