package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync cycle on the embedded directory and store (issue 11, point 3): drift is recorded by the reconcile step
 * itself, after a committed run and never after a dry run (spec W5, Y4), so every caller of the step records it.
 */
class SyncCycleTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";

    @TempDir
    Path home;

    @Test
    void aCommittedReconcileRecordsTheDriftItRevealedAndADryRunDoesNot() throws Exception {
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            SyncCycle cycle = app.syncCycle();
            assertThat(cycle.reconcile(options(false), Reconciler.Progress.NONE).drift()).isEmpty();
            Jdbi jdbi = app.store().jdbi();
            enqueue(jdbi, VPN, "add-member", OLIVIA);
            assertThat(cycle.writeBack().done()).isEqualTo(1);
            t.directory().server().modify(VPN, new Modification(ModificationType.DELETE, "member", OLIVIA));

            SyncCycle.Reconciled dryRun = cycle.reconcile(options(true), Reconciler.Progress.NONE);
            assertThat(dryRun.report().dryRun()).isTrue();
            assertThat(dryRun.drift()).as("a dry run changes nothing, the audit log included").isEmpty();

            SyncCycle.Reconciled committed = cycle.reconcile(options(false), Reconciler.Progress.NONE);
            assertThat(committed.drift()).singleElement().extracting(Outbox.Drift::valueDn).isEqualTo(OLIVIA);
            assertThat(ReconcilerTest.texts(jdbi, "SELECT target_dn FROM audit_event WHERE action_name = 'drift'"))
                    .containsExactly(OLIVIA);
            assertThat(cycle.writeBack().nothingToDo()).as("not written again").isTrue();
            assertThat(cycle.reconcile(options(false), Reconciler.Progress.NONE).drift()).as("recorded once")
                    .isEmpty();
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();
        }
    }

    @Test
    void driftThatACycleKilledAfterItsReconcileDidNotRecordIsRecordedByTheNextOneThoughItSeesNoChange()
            throws Exception {
        // spec W5: the drift is found from the store's state (a done add whose value the store no longer has), not
        // from what one run changed, so a kill -9 or a store restart between the reconcile's commit and the drift
        // record loses nothing.
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            SyncCycle cycle = app.syncCycle();
            Jdbi jdbi = writtenBackThenRemovedOutside(t, app, cycle);

            ReconcileReport sawTheRemoval = app.reconciler().run(options(false), Reconciler.Progress.NONE);
            assertThat(sawTheRemoval.noChanges()).isFalse();
            assertThat(ReconcilerTest.texts(jdbi, "SELECT target_dn FROM audit_event WHERE action_name = 'drift'"))
                    .as("the cycle died before its drift step").isEmpty();

            SyncCycle.Reconciled next = app.syncCycle().reconcile(options(false), Reconciler.Progress.NONE);
            assertThat(next.report().noChanges()).isTrue();
            assertThat(next.drift()).singleElement().extracting(Outbox.Drift::valueDn).isEqualTo(OLIVIA);
            assertThat(ReconcilerTest.texts(jdbi, "SELECT target_dn FROM audit_event WHERE action_name = 'drift'"))
                    .containsExactly(OLIVIA);
            assertThat(cycle.writeBack().nothingToDo()).as("not written again").isTrue();
        }
    }

    @Test
    void aMemberRemovedThroughGroupbridgeAfterAnOutsideRemovalIsNoDriftAndIsNotAddedAgain() throws Exception {
        // spec W5: only a value groupbridge last added is drift when it goes; a leave queued before a reconcile saw
        // the administrator's removal is written as "already gone" and is the value's last write.
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            SyncCycle cycle = app.syncCycle();
            Jdbi jdbi = writtenBackThenRemovedOutside(t, app, cycle);
            enqueue(jdbi, VPN, "remove-member", OLIVIA);
            assertThat(cycle.writeBack().done()).as("already gone counts as written").isEqualTo(1);

            assertThat(cycle.reconcile(options(false), Reconciler.Progress.NONE).drift()).isEmpty();
            assertThat(cycle.writeBack().nothingToDo()).isTrue();
            assertThat(t.directory().server().getEntry(VPN).hasAttributeValue("member", OLIVIA)).isFalse();
            assertThat(ReconcilerTest.texts(jdbi, "SELECT m.member_dn FROM group_member m JOIN directory_group g"
                    + " ON g.id = m.group_id WHERE g.dn = ?", VPN)).doesNotContain(OLIVIA);
        }
    }

    /** Olivia written into VPN Users by the write-back, then removed from it in LDAP by an administrator. */
    private static Jdbi writtenBackThenRemovedOutside(TestHome t, GroupbridgeApp app, SyncCycle cycle)
            throws Exception {
        cycle.reconcile(options(false), Reconciler.Progress.NONE);
        Jdbi jdbi = app.store().jdbi();
        enqueue(jdbi, VPN, "add-member", OLIVIA);
        assertThat(cycle.writeBack().done()).isEqualTo(1);
        t.directory().server().modify(VPN, new Modification(ModificationType.DELETE, "member", OLIVIA));
        return jdbi;
    }

    private static Reconciler.Options options(boolean dryRun) {
        return new Reconciler.Options(Mode.FULL, dryRun, false);
    }

    private static void enqueue(Jdbi jdbi, String groupDn, String operation, String value) {
        String groupId = ReconcilerTest.text(jdbi, "SELECT id FROM directory_group WHERE dn = ?", groupDn);
        Instant now = Instant.now();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO outbox (group_id, group_dn, operation, value_dn, state,"
                        + " attempts, next_attempt_at, created_at) VALUES (:g, :dn, :op, :value, 'pending', 0, :now,"
                        + " :now)")
                .bind("g", groupId).bind("dn", groupDn).bind("op", operation).bind("value", value).bind("now", now)
                .execute());
    }
}
