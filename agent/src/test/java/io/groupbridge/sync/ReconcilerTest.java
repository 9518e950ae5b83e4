package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.testing.StoreDump;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full reconcile against the embedded directory over loopback LDAP, into an embedded HSQLDB store (spec Y1-Y5). */
class ReconcilerTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";

    @TempDir
    Path home;

    @Test
    void firstRunStoresEveryGroupKindAndSecondRunFindsNoChanges() throws Exception { // spec Y1, Y5, G1-G6, P table
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            ReconcileReport first = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(first.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(first.groupsAdded()).isEqualTo(first.groupsRead()).isGreaterThan(10);
            assertThat(first.peopleAdded()).isEqualTo(first.peopleRead()).isGreaterThan(10);
            List<GroupSummary> groups = app.store().queries().listGroups(false);
            assertThat(groups).extracting(GroupSummary::kindText).contains("security", "unified",
                    "mail-enabled security", "distribution");
            assertThat(groups).anyMatch(GroupSummary::dynamic).anyMatch(GroupSummary::roleAssignable);
            assertThat(groups).extracting(GroupSummary::ineligibleRule).contains("G3", "G4", "G5", "G6");
            // P table: security groups from the API or portal are owners-only, unified groups and self-service open.
            assertThat(groups).filteredOn(g -> g.kind().equals("unified")).allMatch(g -> g.policy().equals("open"));
            assertThat(groups).filteredOn(g -> g.kind().equals("security") && !g.channel().equals("self-service"))
                    .allMatch(g -> g.policy().equals("owners-only"));
            assertThat(groups).filteredOn(g -> g.channel().equals("self-service"))
                    .allMatch(g -> g.policy().equals("open"));
            assertThat(first.warnings()).anyMatch(w -> w.contains("points at no entry"));

            ReconcileReport second = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(second.noChanges()).isTrue();
            assertThat(second.groupsRead()).isEqualTo(first.groupsRead());
        }
    }

    /**
     * Issue 15, finding 2: a member value that points at no entry was reported only by the run that changed its
     * group, so the next run said 0 warnings while the value was still in the directory. It is reported by every run
     * while it stays, also when it became dangling because its person was deleted (the embedded directory has no
     * referential integrity, so no group entry changed), and no longer once it names an entry again or is removed.
     */
    @Test
    void aDanglingMemberValueIsReportedByEveryRunForAsLongAsItStays() throws Exception { // spec Y5
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            InMemoryDirectoryServer ldap = t.directory().server();
            String former = "uid=former-employee,ou=people,dc=example,dc=com";
            String heidi = "uid=heidi,ou=people,dc=example,dc=com";
            String payrollWarning = "cn=App Payroll Users," + GROUPS + ": member " + former + " points at no entry";
            assertThat(dangling(app.reconciler().run(false, Reconciler.Progress.NONE))).containsExactly(payrollWarning);

            ReconcileReport unchanged = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(unchanged.noChanges()).isTrue();
            assertThat(unchanged.warningCount()).isEqualTo(1);
            assertThat(dangling(unchanged)).containsExactly(payrollWarning);

            Entry heidiEntry = ldap.getEntry(heidi, "*");
            List<String> heidisGroups = ldap.search(GROUPS, SearchScope.SUB, Filter.createORFilter(
                    Filter.createEqualityFilter("member", heidi), Filter.createEqualityFilter("uniqueMember", heidi)))
                    .getSearchEntries().stream().map(Entry::getDN).toList();
            assertThat(heidisGroups).hasSizeGreaterThan(2);
            ldap.delete(heidi);
            List<String> expected = new ArrayList<>(List.of(payrollWarning));
            heidisGroups.forEach(g -> expected.add(g + ": member " + heidi + " points at no entry"));
            assertThat(dangling(app.reconciler().run(false, Reconciler.Progress.NONE)))
                    .containsExactlyInAnyOrderElementsOf(expected);
            ReconcileReport again = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(again.noChanges()).isTrue();
            assertThat(again.warningCount()).isEqualTo(expected.size());

            ldap.add(heidiEntry);
            ldap.modify("cn=App Payroll Users," + GROUPS, new Modification(ModificationType.DELETE, "member", former));
            ReconcileReport fixed = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(dangling(fixed)).isEmpty();
            assertThat(app.reconciler().run(false, Reconciler.Progress.NONE).warningCount()).isZero();
        }
    }

    /**
     * Issue 15, finding 2: a nested group deleted from the directory leaves its DN in the groups that nested it,
     * which the run does not change; the value is reported from then on, by this run and the next.
     */
    @Test
    void aDeletedNestedGroupIsReportedAsADanglingMemberOfTheGroupsThatNestedIt() throws Exception { // spec Y5
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            String finance = "cn=Finance Team," + GROUPS;
            t.directory().server().delete(finance);

            String warning = "cn=App Payroll Users," + GROUPS + ": member " + finance + " points at no entry";
            ReconcileReport deleted = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(deleted.groupsDeleted()).isEqualTo(1);
            assertThat(dangling(deleted)).contains(warning);
            assertThat(dangling(app.reconciler().run(false, Reconciler.Progress.NONE))).contains(warning);
        }
    }

    private static List<String> dangling(ReconcileReport report) {
        return report.warnings().stream().filter(w -> w.endsWith(" points at no entry")).toList();
    }

    @Test
    void dryRunReportsThePlanAndLeavesTheStoreUnchanged() throws Exception { // spec Y4
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.delete("cn=Book Club," + GROUPS);
            ldap.modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD, "member",
                    "uid=olivia,ou=people,dc=example,dc=com"));
            Map<String, List<String>> before = StoreDump.of(app.store().jdbi());

            ReconcileReport plan = app.reconciler().run(true, Reconciler.Progress.NONE);

            assertThat(plan.dryRun()).isTrue();
            assertThat(plan.groupsDeleted()).isEqualTo(1);
            assertThat(plan.groupsChanged()).isEqualTo(1);
            assertThat(plan.membersAdded()).isEqualTo(1);
            assertThat(plan.groupChanges()).extracting(c -> c.group().name() + ":" + c.type())
                    .containsExactlyInAnyOrder("Book Club:DELETED", "VPN Users:CHANGED");
            assertThat(StoreDump.of(app.store().jdbi())).isEqualTo(before);

            ReconcileReport applied = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(applied.groupsDeleted()).isEqualTo(1);
            assertThat(StoreDump.of(app.store().jdbi())).isNotEqualTo(before);
        }
    }

    @Test
    void lostConnectionMidRunLeavesTheStoreExactlyAsBefore(@TempDir Path ldif) throws Exception { // spec Y3
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(3_000, 800, 20, 7L), seed);
        // Paged, so that the cut lands between pages: unpaged, the server may have sent every entry already.
        try (TestHome t = TestHome.start(home, seed, "  pageSize: 100\n"); GroupbridgeApp app = t.openApp()) {
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
    void vanishedGroupIsKeptAsDeletedAndItsPendingRequestsAreCancelled() throws Exception { // spec R3
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String groupId = idOfGroup(jdbi, "Wiki Editors");
            insertPendingRequest(jdbi, groupId, "uid=judy,ou=people,dc=example,dc=com");
            t.directory().server().delete("cn=Wiki Editors," + GROUPS);

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsDeleted()).isEqualTo(1);
            assertThat(report.requestsCancelled()).isEqualTo(1);
            assertThat(text(jdbi, "SELECT state || ':' || reason FROM join_request")).isEqualTo("cancelled:group deleted");
            assertThat(text(jdbi, "SELECT state FROM directory_group WHERE id = ?", groupId)).isEqualTo("deleted");
            assertThat(text(jdbi, "SELECT COUNT(*) FROM audit_event WHERE action_name = 'request-cancelled'"
                    + " AND decided_rule = 'R3'")).isEqualTo("1");
            assertThat(app.store().queries().listGroups(false)).extracting(GroupSummary::name)
                    .doesNotContain("Wiki Editors");
        }
    }

    @Test
    void deletedRequesterHasPendingRequestsCancelled() throws Exception { // spec R3
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            insertPendingRequest(jdbi, idOfGroup(jdbi, "Book Club"), "uid=mallory,ou=people,dc=example,dc=com");
            InMemoryDirectoryServer ldap = t.directory().server();
            for (String g : List.of("All Staff", "Premium Licensed", "VPN Users", "Book Club", "Helpdesk Agents",
                    "Engineering", "Marketing Crew", "Finance Team", "Wiki Editors", "Project Phoenix",
                    "Finance Alerts", "App Payroll Users", "Unified Group Creators")) {
                removeValueIfPresent(ldap, "cn=" + g + "," + GROUPS, "uid=mallory,ou=people,dc=example,dc=com");
            }
            ldap.delete("uid=mallory,ou=people,dc=example,dc=com");

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.peopleRemoved()).isEqualTo(1);
            assertThat(text(jdbi, "SELECT state || ':' || reason FROM join_request"))
                    .isEqualTo("cancelled:requester deleted");
        }
    }

    @Test
    void renamedGroupKeepsItsIdentityAndItsStoredPolicy() throws Exception { // stable id from entryUUID
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String id = idOfGroup(jdbi, "Helpdesk Agents");
            jdbi.useHandle(h -> h.execute("UPDATE directory_group SET policy = 'owner-approval' WHERE id = ?", id));
            t.directory().server().modifyDN("cn=Helpdesk Agents," + GROUPS, "cn=Service Desk Agents", true);

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsChanged()).isEqualTo(1);
            assertThat(report.groupsAdded()).isZero();
            assertThat(report.groupsDeleted()).isZero();
            assertThat(idOfGroup(jdbi, "Service Desk Agents")).isEqualTo(id);
            assertThat(text(jdbi, "SELECT policy FROM directory_group WHERE id = ?", id)).isEqualTo("owner-approval");
        }
    }

    @Test
    void memberAndOwnerChangesInTheDirectoryReachTheStore() throws Exception { // spec Y1
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            String dn = "cn=Project Phoenix," + GROUPS;
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.modify(dn, new Modification(ModificationType.DELETE, "member", "uid=heidi,ou=people,dc=example,dc=com"),
                    new Modification(ModificationType.ADD, "member", "uid=niaj,ou=people,dc=example,dc=com"),
                    new Modification(ModificationType.ADD, "owner", "uid=niaj,ou=people,dc=example,dc=com"));

            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.membersAdded()).isEqualTo(1);
            assertThat(report.membersRemoved()).isEqualTo(1);
            assertThat(report.ownersAdded()).isEqualTo(1);
            String id = idOfGroup(app.store().jdbi(), "Project Phoenix");
            assertThat(app.store().queries().members(id)).contains("uid=niaj,ou=people,dc=example,dc=com")
                    .doesNotContain("uid=heidi,ou=people,dc=example,dc=com");
            assertThat(app.store().queries().owners(id)).contains("uid=niaj,ou=people,dc=example,dc=com");
        }
    }

    private static void removeValueIfPresent(InMemoryDirectoryServer ldap, String groupDn, String value)
            throws Exception {
        var entry = ldap.getEntry(groupDn);
        if (entry == null) {
            return;
        }
        for (String attr : List.of("member", "uniqueMember", "owner")) {
            if (entry.hasAttributeValue(attr, value)) {
                ldap.modify(groupDn, new Modification(ModificationType.DELETE, attr, value));
            }
        }
    }

    static String idOfGroup(Jdbi jdbi, String name) {
        return text(jdbi, "SELECT id FROM directory_group WHERE name = ?", name);
    }

    static String text(Jdbi jdbi, String sql, Object... args) {
        List<String> rows = texts(jdbi, sql, args);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    static List<String> texts(Jdbi jdbi, String sql, Object... args) {
        try (var h = jdbi.open()) {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(String.class).list();
        }
    }

    static void insertPendingRequest(Jdbi jdbi, String groupId, String requesterDn) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO join_request (group_id, requester_dn_norm, requester_dn,"
                        + " justification, state, pending_key, created_at) VALUES (:g, :dn, :dn, 'need it', 'pending',"
                        + " :key, :now)")
                .bind("g", groupId).bind("dn", requesterDn).bind("key", groupId + "|" + requesterDn)
                .bind("now", Instant.now()).execute());
    }
}
