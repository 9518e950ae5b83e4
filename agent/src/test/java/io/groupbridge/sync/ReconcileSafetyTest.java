package io.groupbridge.sync;

import static io.groupbridge.sync.ReconcilerTest.idOfGroup;
import static io.groupbridge.sync.ReconcilerTest.insertPendingRequest;
import static io.groupbridge.sync.ReconcilerTest.text;
import static io.groupbridge.sync.ReconcilerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.testing.ReadsNothing;
import io.groupbridge.testing.StoreDump;
import io.groupbridge.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps an unattended reconcile from doing harm: one run at a time per store (spec Y6), and the failsafe
 * against mass removal (issue 5, point 8). Runs against the embedded directory like {@link ReconcilerTest}.
 */
class ReconcileSafetyTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";

    @TempDir
    Path home;

    @Test
    void aReconcileStartedWhileAnotherRunsOnASecondStoreHandleIsRefused() throws Exception { // spec Y6
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp first = t.openApp();
                GroupbridgeApp second = t.openApp()) {
            AtomicReference<Throwable> refused = new AtomicReference<>();
            AtomicReference<ReconcileReport> secondReport = new AtomicReference<>();
            Reconciler.Progress startSecondMidRun = (phase, count) -> {
                if (phase.equals("groups") && refused.get() == null && secondReport.get() == null) {
                    try {
                        secondReport.set(second.reconciler().run(false, Reconciler.Progress.NONE));
                    } catch (Exception e) {
                        refused.set(e);
                    }
                }
            };

            ReconcileReport report = first.reconciler().run(false, startSecondMidRun);

            assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
            assertThat(secondReport.get()).isNull();
            assertThat(refused.get()).isInstanceOf(LockHeldException.class);
            assertThat(((LockHeldException) refused.get()).explanation())
                    .startsWith("another reconcile holds the lock since")
                    .contains("(holder ", "pid " + ProcessHandle.current().pid(), "full reconcile");
            assertThat(texts(first.store().jdbi(), "SELECT outcome FROM reconcile_run")).containsExactly("succeeded");
            assertThat(first.runLock().holder(Reconciler.LOCK)).isEmpty();
        }
    }

    @Test
    void theLeaseOfACrashedReconcileIsTakenOverOnceExpired() throws Exception { // spec Y6
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            Jdbi jdbi = app.store().jdbi();
            insertLease(jdbi, "crashed-host (pid 1), full reconcile", Instant.now().plusSeconds(600));
            assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(LockHeldException.class).hasMessageContaining("crashed-host (pid 1)");

            jdbi.useHandle(h -> h.execute("UPDATE run_lease SET expires_at = ?", Instant.now().minusSeconds(1)));
            ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

            assertThat(report.groupsAdded()).isGreaterThan(10);
            assertThat(app.runLock().holder(Reconciler.LOCK)).isEmpty();
        }
    }

    @Test
    void removingMoreThanTheShareOfGroupsIsRefusedUntilAllowed() throws Exception { // issue 5 point 8
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            insertPendingRequest(jdbi, idOfGroup(jdbi, "Book Club"), "uid=judy,ou=people,dc=example,dc=com");
            InMemoryDirectoryServer ldap = t.directory().server();
            for (String g : List.of("Book Club", "Wiki Editors", "Project Phoenix", "Finance Alerts",
                    "Marketing Crew", "Helpdesk Agents")) {
                ldap.delete("cn=" + g + "," + GROUPS);
            }
            Map<String, List<String>> before = StoreDump.of(jdbi);

            assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("would remove 6 of 16 groups (38 %, more than the maxRemovalShare of 30 %)")
                    .hasMessageContaining("--allow-mass-removal");
            assertThat(StoreDump.of(jdbi)).isEqualTo(before);
            assertThat(text(jdbi, "SELECT error FROM reconcile_run WHERE outcome = 'failed'"))
                    .startsWith("failsafe: stopped before changing anything");

            ReconcileReport plan = app.reconciler().run(true, Reconciler.Progress.NONE);
            assertThat(plan.groupsDeleted()).isEqualTo(6);
            assertThat(plan.warnings()).anyMatch(w -> w.startsWith("failsafe: a real run would stop here"));

            ReconcileReport allowed = app.reconciler().run(new Reconciler.Options(Mode.FULL, false, true),
                    Reconciler.Progress.NONE);
            assertThat(allowed.groupsDeleted()).isEqualTo(6);
            assertThat(allowed.requestsCancelled()).isEqualTo(1);
            assertThat(allowed.warnings()).anyMatch(w -> w.startsWith("failsafe: overridden by --allow-mass-removal"));
        }
    }

    @Test
    void aWrongGroupBaseThatAnswersNoGroupsKeepsEveryGroupAndRequest() throws Exception { // issue 5 point 8
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            insertPendingRequest(jdbi, idOfGroup(jdbi, "Book Club"), "uid=judy,ou=people,dc=example,dc=com");
            Map<String, List<String>> before = StoreDump.of(jdbi);
            // ou=services exists but holds no groups: the search succeeds and returns nothing.
            Files.writeString(t.confFile(), "  groupBase: ou=services,dc=example,dc=com\n",
                    java.nio.file.StandardOpenOption.APPEND);

            assertThatThrownBy(() -> app.reconciler(t.config()).run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("the directory returned no groups while the store has 16");

            assertThat(StoreDump.of(jdbi)).isEqualTo(before);
            assertThat(text(jdbi, "SELECT state FROM join_request")).isEqualTo("pending");
        }
    }

    @Test
    void aLargeGroupLosingMostOfItsMembersIsRefused() throws Exception { // issue 5 point 8
        try (TestHome t = TestHome.start(home, null, "reconcile:\n  largeGroupThreshold: 10\n");
                GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            InMemoryDirectoryServer ldap = t.directory().server();
            String allStaff = "cn=All Staff," + GROUPS;
            List<String> members = List.of(ldap.getEntry(allStaff).getAttributeValues("member"));
            ldap.modify(allStaff, new Modification(ModificationType.REPLACE, "member", members.get(0)));

            assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("members of cn=All Staff,ou=groups,dc=example,dc=com");
            assertThat(app.store().queries().members(idOfGroup(app.store().jdbi(), "All Staff")))
                    .hasSize(members.size());
        }
    }

    private static void insertLease(Jdbi jdbi, String holder, Instant expires) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                        + " VALUES ('reconcile', 'other', :holder, :now, :expires)")
                .bind("holder", holder).bind("now", Instant.now()).bind("expires", expires).execute());
    }
    /**
     * Issue 17, point 1: an account the directory shows nothing (389-DS's default access rules) reads no people and no
     * groups; on a store without groups the removal limits have nothing to protect, so the run must refuse by itself,
     * dry or not, and say whom it bound as, where it looked and what to check.
     */
    @Test
    void aFirstRunAsAnAccountThatMayReadNothingStoresNothingAndSaysWhatToCheck() throws Exception {
        try (TestHome t = TestHome.start(home, null, null, new ReadsNothing(TestHome.AGENT_DN))) {
            t.bindAs(TestHome.AGENT_DN, TestHome.AGENT_PASSWORD);
            try (GroupbridgeApp app = t.openApp()) {
                Jdbi jdbi = app.store().jdbi();
                Map<String, List<String>> before = StoreDump.of(jdbi);

                assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                        .isInstanceOf(EmptyDirectoryException.class)
                        .hasMessage("empty directory: read 0 people and 0 groups as " + TestHome.AGENT_DN
                                + " from people base ou=people,dc=example,dc=com (filter (objectClass=inetOrgPerson))"
                                + " and group base " + GROUPS + " (filter (|(objectClass=groupOfNames)"
                                + "(objectClass=groupOfUniqueNames))), and the store holds no groups yet, so nothing"
                                + " was stored. Check that as " + TestHome.AGENT_DN + " may read these entries (the"
                                + " server's access rules or ACIs), that both bases are right and hold the entries,"
                                + " and that the filters match them; if the directory is empty on purpose, set"
                                + " reconcile.allowEmptyDirectory: true");
                assertThat(text(jdbi, "SELECT error FROM reconcile_run WHERE outcome = 'failed'"))
                        .startsWith("empty directory: read 0 people and 0 groups as " + TestHome.AGENT_DN);
                assertThatThrownBy(() -> app.reconciler().run(true, Reconciler.Progress.NONE))
                        .isInstanceOf(EmptyDirectoryException.class);
                assertThatThrownBy(() -> app.reconciler().run(new Reconciler.Options(Mode.INCREMENTAL, false, true),
                        Reconciler.Progress.NONE)).isInstanceOf(EmptyDirectoryException.class);
                assertThat(StoreDump.of(jdbi)).isEqualTo(before);
            }
        }
    }

    /** Issue 17, point 1: people read but a group base that holds no groups is refused the same way. */
    @Test
    void aFirstRunThatFindsPeopleButNoGroupsIsRefused() throws Exception {
        try (TestHome t = TestHome.start(home, null, "  groupBase: ou=services,dc=example,dc=com\n");
                GroupbridgeApp app = t.openApp()) {
            assertThatThrownBy(() -> app.reconciler().run(false, Reconciler.Progress.NONE))
                    .isInstanceOf(EmptyDirectoryException.class)
                    .hasMessageStartingWith("empty directory: read 14 people and 0 groups as " + TestHome.MANAGER_DN
                            + " from people base ou=people,dc=example,dc=com")
                    .hasMessageContaining("group base ou=services,dc=example,dc=com");
            assertThat(app.store().queries().listGroups(false)).isEmpty();
        }
    }

    /** Issue 17, point 1: reconcile.allowEmptyDirectory accepts a directory that is empty on purpose. */
    @Test
    void anEmptyDirectoryIsAcceptedWhenTheConfSaysItIsOnPurpose() throws Exception {
        try (TestHome t = TestHome.start(home, null, "reconcile:\n  allowEmptyDirectory: true\n",
                new ReadsNothing(TestHome.AGENT_DN))) {
            t.bindAs(TestHome.AGENT_DN, TestHome.AGENT_PASSWORD);
            try (GroupbridgeApp app = t.openApp()) {
                ReconcileReport report = app.reconciler().run(false, Reconciler.Progress.NONE);

                assertThat(report.outcome()).isEqualTo(ReconcileReport.Outcome.SUCCEEDED);
                assertThat(report.peopleRead() + report.groupsRead()).isZero();
            }
        }
    }
}
