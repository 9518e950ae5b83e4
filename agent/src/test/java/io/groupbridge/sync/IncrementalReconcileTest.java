package io.groupbridge.sync;

import static io.groupbridge.sync.ReconcilerTest.idOfGroup;
import static io.groupbridge.sync.ReconcilerTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental reconcile (spec Y2): only changed entries, through the same path as the full one, no deletions. */
class IncrementalReconcileTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final Reconciler.Options INCREMENTAL = new Reconciler.Options(Mode.INCREMENTAL, false, false);

    @TempDir
    Path home;

    @Test
    void withoutACheckpointAnIncrementalRunIsAFullOneAndStoresTheCheckpoint() throws Exception { // spec Y2
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            ReconcileReport first = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(first.mode()).isEqualTo(Mode.FULL);
            assertThat(first.groupsAdded()).isEqualTo(16);
            assertThat(text(app.store().jdbi(), "SELECT run_id FROM sync_checkpoint WHERE name = 'directory'"))
                    .isEqualTo(first.runId());
            assertThat(text(app.store().jdbi(), "SELECT mode FROM reconcile_run")).isEqualTo("full");
        }
    }

    @Test
    void changedEntriesAreAppliedAndVanishedOnesWaitForTheFullRun() throws Exception { // spec Y2
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            InMemoryDirectoryServer ldap = t.directory().server();
            ldap.modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD, "member",
                    "uid=olivia,ou=people,dc=example,dc=com"));
            ldap.delete("cn=Book Club," + GROUPS);

            ReconcileReport incremental = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            // The changed group, plus whatever the seed import stamped in the checkpoint's own millisecond (the bound
            // is inclusive): a handful, not the directory's 30-odd entries.
            assertThat(incremental.peopleRead() + incremental.groupsRead()).isBetween(1, 10);
            assertThat(incremental.groupsChanged()).isEqualTo(1);
            assertThat(incremental.membersAdded()).isEqualTo(1);
            assertThat(incremental.groupsDeleted()).isZero();
            String bookClub = idOfGroup(app.store().jdbi(), "Book Club");
            assertThat(text(app.store().jdbi(), "SELECT state FROM directory_group WHERE id = ?", bookClub))
                    .isEqualTo("active");

            ReconcileReport full = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(full.groupsDeleted()).isEqualTo(1);
            assertThat(full.membersAdded()).isZero();
        }
    }

    @Test
    void anIncrementalRunOverAnUnchangedDirectoryOfFiveThousandGroupsReadsAlmostNothing(@TempDir Path ldif)
            throws Exception { // issue 5 acceptance, spec Y2
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(2_000, 5_000, 10, 11L), seed);
        try (TestHome t = TestHome.start(home, seed, null); GroupbridgeApp app = t.openApp()) {
            ReconcileReport full = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(full.groupsRead()).isEqualTo(5_000);

            ReconcileReport incremental = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            // Only entries stamped in the checkpoint's own instant are read again (the bound is inclusive).
            assertThat(incremental.peopleRead() + incremental.groupsRead()).isLessThan(50);
            assertThat(incremental.noChanges()).isTrue();
        }
    }
}
