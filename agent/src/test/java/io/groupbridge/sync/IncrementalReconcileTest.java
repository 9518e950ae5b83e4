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
            InMemoryDirectoryServer ldap = t.directory().server();
            // The seed import stamps many entries in the same millisecond; one later change gives the checkpoint an
            // instant of its own, so what the incremental run reads does not depend on how fast the import was.
            Thread.sleep(5);
            ldap.modify("uid=peggy,ou=people,dc=example,dc=com",
                    new Modification(ModificationType.REPLACE, "description", "checkpoint marker"));
            app.reconciler().run(false, Reconciler.Progress.NONE);
            ldap.modify("cn=VPN Users," + GROUPS, new Modification(ModificationType.ADD, "member",
                    "uid=olivia,ou=people,dc=example,dc=com"));
            ldap.delete("cn=Book Club," + GROUPS);

            ReconcileReport incremental = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            // The changed group, plus the marker at the checkpoint's own instant (the bound is inclusive).
            assertThat(incremental.peopleRead() + incremental.groupsRead()).isBetween(1, 2);
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
            // As above: a last change after the import gives the checkpoint an instant of its own.
            Thread.sleep(5);
            t.directory().server().modify("uid=user0000001,ou=people,dc=example,dc=com",
                    new Modification(ModificationType.REPLACE, "description", "checkpoint marker"));
            ReconcileReport full = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(full.groupsRead()).isEqualTo(5_000);

            ReconcileReport incremental = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(incremental.mode()).isEqualTo(Mode.INCREMENTAL);
            // Only the entry stamped in the checkpoint's own instant is read again (the bound is inclusive).
            assertThat(incremental.peopleRead() + incremental.groupsRead()).isLessThanOrEqualTo(1);
            assertThat(incremental.noChanges()).isTrue();
        }
    }
}
