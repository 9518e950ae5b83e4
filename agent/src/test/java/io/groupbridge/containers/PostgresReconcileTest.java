package io.groupbridge.containers;

import static io.groupbridge.containers.StoreRows.text;
import static io.groupbridge.containers.StoreRows.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.dn.Dns;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.SyncException;
import io.groupbridge.testing.StoreDump;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconcile scenarios of {@code ReconcilerTest} with the store on a real PostgreSQL: the Flyway migrations, the
 * one-transaction run (a lost connection or a dry run leaves every row as it was) and the deleted-group bookkeeping.
 * The directory stays the embedded one, so a test can cut it mid-run. Each test gets a database of its own in one
 * server.
 */
@ExtendWith(TestImagesAvailable.class)
class PostgresReconcileTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static TestImages.Server postgresql;

    @TempDir
    Path home;

    @BeforeAll
    static void startPostgresql() {
        postgresql = TestImages.start(1, ports -> TestImages.postgresql(ports.get(0)));
    }

    @AfterAll
    static void stopPostgresql() {
        if (postgresql != null) {
            postgresql.close();
        }
    }

    /** A conf fragment, after the directory section, that puts the store in a new database. */
    private static String storeOnNewDatabase() throws Exception {
        String name = "reconcile_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "store:\n  url: " + url(name) + "\n  username: postgres\n";
    }

    /** The database a conf fragment of {@link #storeOnNewDatabase} puts the store in. */
    private static String database(String conf) {
        int slash = conf.lastIndexOf('/');
        return conf.substring(slash + 1, conf.indexOf('\n', slash));
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresql.port() + "/" + database;
    }

    /**
     * Issue 11, point 4: Quartz's tables for {@code schedule.cluster} are the store's PostgreSQL migration, also on a
     * database where an agent from before it (schema version 7) created them at a clustered daemon's first start.
     */
    @Test
    void theStoreMigrationCreatesQuartzsTablesBesideOnesAnOlderAgentCreated() throws Exception {
        String conf = storeOnNewDatabase();
        String database = database(conf);
        Flyway.configure().dataSource(url(database), "postgres", "").locations("classpath:db/migration").target("7")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE qrtz_locks (sched_name VARCHAR(120) NOT NULL, lock_name VARCHAR(40) NOT NULL,"
                    + " PRIMARY KEY (sched_name, lock_name))");
            s.execute("INSERT INTO qrtz_locks VALUES ('groupbridge', 'TRIGGER_ACCESS')");
        }
        try (TestHome t = TestHome.start(home, null, conf); GroupbridgeApp app = t.openApp()) {
            Jdbi jdbi = app.store().jdbi();

            assertThat(texts(jdbi, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"
                    + " ORDER BY table_name")).containsExactly("qrtz_blob_triggers", "qrtz_calendars",
                    "qrtz_cron_triggers", "qrtz_fired_triggers", "qrtz_job_details", "qrtz_locks",
                    "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_simple_triggers",
                    "qrtz_simprop_triggers", "qrtz_triggers");
            assertThat(texts(jdbi, "SELECT lock_name FROM qrtz_locks")).containsExactly("TRIGGER_ACCESS");
        }
    }

    @Test
    void firstRunStoresEveryGroupAndSecondRunFindsNoChanges() throws Exception {
        try (TestHome t = TestHome.start(home, null, storeOnNewDatabase()); GroupbridgeApp app = t.openApp()) {
            String product = app.store().jdbi().withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
            assertThat(product).isEqualTo("PostgreSQL");

            ReconcileReport first = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(first.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(first.groupsAdded()).isEqualTo(first.groupsRead()).isGreaterThan(10);
            assertThat(first.peopleAdded()).isEqualTo(first.peopleRead()).isGreaterThan(10);
            assertThat(app.store().queries().listGroups(false)).extracting(GroupSummary::kindText)
                    .contains("security", "unified", "mail-enabled security", "distribution");
            assertThat(first.warnings()).anyMatch(w -> w.contains("points at no entry"));

            ReconcileReport second = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(second.noChanges()).isTrue();
            assertThat(second.groupsRead()).isEqualTo(first.groupsRead());
        }
    }

    @Test
    void dryRunReportsThePlanAndLeavesTheStoreUnchanged() throws Exception {
        try (TestHome t = TestHome.start(home, null, storeOnNewDatabase()); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.delete("cn=Book Club," + GROUPS);
            ldap.modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD, "member",
                    "uid=olivia,ou=people,dc=example,dc=com"));
            Map<String, List<String>> before = StoreDump.of(app.store().jdbi());

            ReconcileReport plan = app.reconciler().run(true, Reconciler.Progress.NONE);

            assertThat(plan.dryRun()).isTrue();
            assertThat(plan.groupChanges()).extracting(c -> c.group().name() + ":" + c.type())
                    .containsExactlyInAnyOrder("Book Club:DELETED", "VPN Users:CHANGED");
            assertThat(StoreDump.of(app.store().jdbi())).isEqualTo(before);

            ReconcileReport applied = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(applied.groupsDeleted()).isEqualTo(1);
            assertThat(applied.membersAdded()).isEqualTo(1);
        }
    }

    @Test
    void lostConnectionMidRunLeavesTheStoreExactlyAsBefore(@TempDir Path ldif) throws Exception {
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(3_000, 800, 20, 7L), seed);
        String conf = "  pageSize: 100\n" + storeOnNewDatabase();
        try (TestHome t = TestHome.start(home, seed, conf); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.delete("cn=group000010," + GROUPS);
            ldap.modify("cn=group000700," + GROUPS, new Modification(ModificationType.REPLACE, "description", "changed"));
            Map<String, List<String>> before = StoreDump.of(app.store().jdbi());

            AtomicBoolean cut = new AtomicBoolean();
            Reconciler.Progress cutAfter400Groups = (phase, count) -> {
                if (phase.equals("groups") && count >= 400 && cut.compareAndSet(false, true)) {
                    ldap.shutDown(true);
                }
            };
            assertThatThrownBy(() -> app.reconciler().run(false, cutAfter400Groups))
                    .isInstanceOf(SyncException.class)
                    .hasMessageContaining("read groups");

            assertThat(cut).isTrue();
            assertThat(StoreDump.of(app.store().jdbi())).isEqualTo(before);
            assertThat(texts(app.store().jdbi(), "SELECT outcome FROM reconcile_run ORDER BY started_at"))
                    .containsExactly("succeeded", "failed");

            ldap.startListening();
            ReconcileReport retry = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(retry.groupsDeleted()).isEqualTo(1);
            assertThat(retry.groupsChanged()).isEqualTo(1);
        }
    }

    @Test
    void vanishedGroupIsKeptAsDeletedAndItsPendingRequestsAreCancelled() throws Exception {
        try (TestHome t = TestHome.start(home, null, storeOnNewDatabase()); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String groupId = StoreRows.idOfGroup(jdbi, "Wiki Editors");
            String requester = "uid=judy,ou=people,dc=example,dc=com";
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO join_request (group_id, requester_dn_norm, requester_dn,"
                            + " justification, state, pending_key, created_at) VALUES (:g, :dn, :dn, 'need it',"
                            + " 'pending', :key, :now)")
                    .bind("g", groupId).bind("dn", requester).bind("key", groupId + "|" + requester)
                    .bind("now", Instant.now()).execute());
            t.directory().server().delete("cn=Wiki Editors," + GROUPS);

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsDeleted()).isEqualTo(1);
            assertThat(report.requestsCancelled()).isEqualTo(1);
            assertThat(text(jdbi, "SELECT state || ':' || reason FROM join_request")).isEqualTo("cancelled:group deleted");
            assertThat(text(jdbi, "SELECT state FROM directory_group WHERE id = ?", groupId)).isEqualTo("deleted");
        }
    }

    /**
     * Issue 13, point 2: a full run sends the owner and member values through COPY, in batches of about
     * {@code reconcile.batchSize} rows (a trigger on {@code group_member} logs the statement of each and the table's
     * indexes at the time: none, in a load into an empty store), and COPY's text format keeps every character of a
     * DN: backslashes, a tab, a newline, non-ASCII letters (spec Y1, Y3).
     */
    @Test
    void aFullRunCopiesMembersInBatchesAndKeepsEveryCharacterOfTheirDns(@TempDir Path ldif) throws Exception {
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(300, 40, 20, 11L), seed);
        String conf = storeOnNewDatabase() + "reconcile:\n  batchSize: 100\n";
        try (TestHome t = TestHome.start(home, seed, conf); GroupbridgeApp app = t.openApp()) {
            Jdbi jdbi = app.store().jdbi();
            try (Connection c = DriverManager.getConnection(url(database(conf)), "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE member_statement (query TEXT NOT NULL, indexes INTEGER NOT NULL)");
                s.execute("CREATE FUNCTION log_member_statement() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO member_statement SELECT current_query(), COUNT(*) FROM pg_indexes"
                        + " WHERE tablename = 'group_member'; RETURN NULL; END $$");
                s.execute("CREATE TRIGGER member_statement AFTER INSERT ON group_member FOR EACH STATEMENT"
                        + " EXECUTE FUNCTION log_member_statement()");
            }
            List<String> odd = List.of("cn=Smith\\, John,ou=people,dc=example,dc=com",
                    "cn=back\\\\slash,ou=people,dc=example,dc=com", "cn=Zoë Ångström,ou=people,dc=example,dc=com",
                    "cn=tab\there,ou=people,dc=example,dc=com", "cn=new\nline,ou=people,dc=example,dc=com");
            t.directory().server().add(new Entry("cn=Odd Values," + GROUPS, new Attribute("objectClass",
                    "groupOfNames"), new Attribute("cn", "Odd Values"), new Attribute("member", odd)));

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            int members = Integer.parseInt(text(jdbi, "SELECT COUNT(*) FROM group_member"));
            assertThat(report.membersAdded()).isEqualTo(members).isGreaterThan(400);
            List<String> statements = texts(jdbi, "SELECT query FROM member_statement");
            assertThat(statements).allMatch(q -> q.startsWith("COPY group_member"));
            // A hand-off takes whole groups, so a batch may pass 100 rows by a group's values, but never holds all.
            assertThat(statements.size()).isGreaterThan(1);
            // Into an empty store, without the table's two indexes, built once after the load.
            assertThat(texts(jdbi, "SELECT DISTINCT indexes FROM member_statement")).containsExactly("0");
            assertThat(text(jdbi, "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'group_member'")).isEqualTo("2");
            String id = StoreRows.idOfGroup(jdbi, "Odd Values");
            assertThat(texts(jdbi, "SELECT member_dn FROM group_member WHERE group_id = ?", id))
                    .containsExactlyInAnyOrderElementsOf(odd);
            assertThat(texts(jdbi, "SELECT member_dn_norm FROM group_member WHERE group_id = ?", id))
                    .containsExactlyInAnyOrderElementsOf(odd.stream().map(v -> Dns.normalized(v).orElseThrow())
                            .toList());
        }
    }

    /**
     * Issue 13, point 2: a load into empty owner and member tables builds their keys, indexes and foreign keys after
     * the rows instead of while they go in; afterwards the tables have every one the migrations made, the same
     * definitions, and the foreign key holds again. A dry run rolls the drop back with its rows (spec Y3, Y4).
     */
    @Test
    void aLoadIntoAnEmptyStoreLeavesEveryIndexAndConstraintAsTheMigrationsMadeThem() throws Exception {
        String definitions = "SELECT 'index ' || indexdef FROM pg_indexes WHERE tablename IN ('group_owner',"
                + " 'group_member') UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE conrelid IN (CAST('group_owner' AS regclass),"
                + " CAST('group_member' AS regclass)) ORDER BY 1";
        try (TestHome t = TestHome.start(home, null, storeOnNewDatabase()); GroupbridgeApp app = t.openApp()) {
            Jdbi jdbi = app.store().jdbi();
            List<String> migrated = texts(jdbi, definitions);
            assertThat(migrated).hasSize(8);

            ReconcileReport dry = app.reconciler().run(true, Reconciler.Progress.NONE);
            assertThat(dry.membersAdded()).isPositive();
            assertThat(texts(jdbi, definitions)).isEqualTo(migrated);
            assertThat(text(jdbi, "SELECT COUNT(*) FROM group_member")).isEqualTo("0");

            ReconcileReport first = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(first.membersAdded()).isPositive();

            assertThat(texts(jdbi, definitions)).isEqualTo(migrated);
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO group_member (group_id,"
                    + " member_dn_norm, member_dn) VALUES ('no-such-group', 'uid=x', 'uid=x')")))
                    .hasMessageContaining("group_member_group_id_fkey");
            String groupId = StoreRows.idOfGroup(jdbi, "VPN Users");
            String member = text(jdbi, "SELECT MIN(member_dn_norm) FROM group_member WHERE group_id = ?", groupId);
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("INSERT INTO group_member (group_id,"
                    + " member_dn_norm, member_dn) VALUES (?, ?, ?)", groupId, member, member)))
                    .hasMessageContaining("group_member_pkey");
            assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).noChanges()).isTrue();
        }
    }
}
