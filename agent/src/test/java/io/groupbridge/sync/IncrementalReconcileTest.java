package io.groupbridge.sync;

import static io.groupbridge.sync.ReconcilerTest.idOfGroup;
import static io.groupbridge.sync.ReconcilerTest.insertPendingRequest;
import static io.groupbridge.sync.ReconcilerTest.text;
import static io.groupbridge.sync.ReconcilerTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;
import io.groupbridge.GroupbridgeApp;
import io.groupbridge.fixtures.DirectoryGenerator;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.testing.MutableClock;
import io.groupbridge.testing.Reconcilers;
import io.groupbridge.testing.StoreDump;
import io.groupbridge.testing.TestHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental reconcile (spec Y2): only changed entries, through the same path as the full one; deletions only where
 * the server reports them, and then within the failsafe.
 */
class IncrementalReconcileTest {

    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    // The one instant a bulk load stamps every entry with, as the directory writes it.
    private static final String LOAD_INSTANT = "20261201120000.000Z";
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

    /**
     * Issue 13, point 7: a bulk load stamps every entry with one instant, the checkpoint's. While that instant's tick
     * may still be open, incremental runs read it again (the bound is inclusive); the first run that starts once the
     * tick is surely over reads it a last time and settles it, and from then on a quiet run reads nothing.
     */
    @Test
    void aQuietIncrementalAfterABulkLoadReadsNothingOnceTheLoadsInstantIsSettled(@TempDir Path ldif)
            throws Exception { // spec Y2, issue 13 point 7
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(300, 60, 10, 7L), seed);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        try (TestHome t = TestHome.start(home, seed, null); GroupbridgeApp app = t.openApp(clock)) {
            reloadStamped(t.directory().server(), LOAD_INSTANT, e -> { });
            ReconcileReport full = app.reconciler().run(false, Reconciler.Progress.NONE);
            int everything = full.peopleRead() + full.groupsRead();
            assertThat(everything).isGreaterThan(300);
            assertThat(checkpoint(app)).doesNotStartWith("settled:");

            clock.advance(Duration.ofSeconds(1));
            ReconcileReport soon = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(soon.peopleRead() + soon.groupsRead()).isEqualTo(everything);
            assertThat(checkpoint(app)).doesNotStartWith("settled:");

            clock.advance(Duration.ofSeconds(60));
            ReconcileReport settling = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(settling.peopleRead() + settling.groupsRead()).isEqualTo(everything);
            assertThat(settling.noChanges()).isTrue();
            assertThat(checkpoint(app)).startsWith("settled:");

            clock.advance(Duration.ofSeconds(60));
            ReconcileReport quiet = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(quiet.mode()).isEqualTo(Mode.INCREMENTAL);
            assertThat(quiet.peopleRead() + quiet.groupsRead()).isZero();

            t.directory().server().modify("uid=user0000002,ou=people,dc=example,dc=com",
                    new Modification(ModificationType.REPLACE, "mail", "renamed.after.the.load@example.com"));
            clock.advance(Duration.ofSeconds(60));
            ReconcileReport changed = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(changed.peopleRead() + changed.groupsRead()).isEqualTo(1);
            assertThat(changed.peopleChanged()).isEqualTo(1);
            assertThat(checkpoint(app)).doesNotStartWith("settled:");
        }
    }

    /**
     * Issue 13, point 7: no change may be missed for the sake of settling. An entry changed again within the
     * checkpoint's instant after the run that stored it read it (the directory stamps it with that same instant) is
     * read by the next run, whether the instant's tick may still be open or is over by then.
     */
    @Test
    void aChangeStampedWithTheCheckpointsInstantAfterItsReadIsStillRead(@TempDir Path ldif) throws Exception {
        // spec Y2, issue 13 point 7
        Path seed = ldif.resolve("generated.ldif");
        new DirectoryGenerator().write(new DirectoryGenerator.Spec(300, 60, 10, 7L), seed);
        for (Duration pause : List.of(Duration.ofSeconds(1), Duration.ofSeconds(60))) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
            Path run = Files.createDirectories(home.resolve("pause-" + pause.toSeconds()));
            try (TestHome t = TestHome.start(run, seed, null); GroupbridgeApp app = t.openApp(clock)) {
                reloadStamped(t.directory().server(), LOAD_INSTANT, e -> { });
                app.reconciler().run(false, Reconciler.Progress.NONE);
                List<String> removed = new ArrayList<>();
                reloadStamped(t.directory().server(), LOAD_INSTANT, removeOneMember(removed));
                assertThat(removed).hasSize(2);

                clock.advance(pause);
                ReconcileReport next = app.reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

                assertThat(next.membersRemoved()).as("after %s", pause).isEqualTo(1);
                assertThat(texts(app.store().jdbi(), "SELECT m.member_dn FROM group_member m"
                        + " JOIN directory_group g ON g.id = m.group_id WHERE g.dn = ? AND m.member_dn = ?",
                        removed.get(0), removed.get(1))).as("after %s", pause).isEmpty();
            }
        }
    }

    /**
     * Loads the directory's entries again, each stamped with {@code at} as a bulk load stamps them, after
     * {@code edit} had its say about each.
     */
    private static void reloadStamped(InMemoryDirectoryServer ldap, String at, Consumer<Entry> edit)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ldap.exportToLDIF(new LDIFWriter(out), false, false, true);
        StringBuilder again = new StringBuilder();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(out.toByteArray()))) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                e.setAttribute("modifyTimestamp", at);
                edit.accept(e);
                again.append(e.toLDIFString()).append('\n');
            }
        }
        ldap.importFromLDIF(true, new LDIFReader(new ByteArrayInputStream(
                again.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** Removes the first value of the first group with two members it is shown, and notes the group and value. */
    private static Consumer<Entry> removeOneMember(List<String> removed) {
        return e -> {
            String[] members = e.getAttributeValues("member");
            if (removed.isEmpty() && members != null && members.length >= 2) {
                e.removeAttributeValue("member", members[0]);
                removed.add(e.getDN());
                removed.add(members[0]);
            }
        };
    }

    private static String checkpoint(GroupbridgeApp app) {
        return text(app.store().jdbi(), "SELECT checkpoint_value FROM sync_checkpoint WHERE name = 'directory'");
    }

    /**
     * Issue 10, finding 3: deletions the server reports through content sync are held to the same failsafe as a
     * full run's. The in-memory directory does not offer content sync, so a source that reports the deleted
     * groups' ids, as syncprov would, stands in for it; the removals go through the reconciler's one path.
     */
    @Test
    void reportedDeletionsOfMoreThanTheShareOfGroupsStopTheIncrementalRunUntilAFullRunIsAllowed()
            throws Exception { // issue 10 finding 3
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            insertPendingRequest(jdbi, idOfGroup(jdbi, "Book Club"), "uid=judy,ou=people,dc=example,dc=com");
            List<String> deleted = new ArrayList<>();
            for (String g : List.of("Book Club", "Wiki Editors", "Project Phoenix", "Finance Alerts",
                    "Marketing Crew", "Helpdesk Agents")) {
                deleted.add(idOfGroup(jdbi, g));
                t.directory().server().delete("cn=" + g + "," + GROUPS);
            }
            String checkpoint = text(jdbi, "SELECT checkpoint_value FROM sync_checkpoint WHERE name = 'directory'");
            Map<String, List<String>> before = StoreDump.of(jdbi);
            Reconciler reportingDeletions = Reconcilers.over(app,
                    new ReportingDeletions(Reconcilers.source(app), deleted));

            assertThatThrownBy(() -> reportingDeletions.run(INCREMENTAL, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("would remove 6 of 16 groups (38 %, more than the maxRemovalShare of 30 %)")
                    .hasMessageContaining("--allow-mass-removal");

            assertThat(StoreDump.of(jdbi)).isEqualTo(before);
            assertThat(text(jdbi, "SELECT checkpoint_value FROM sync_checkpoint WHERE name = 'directory'"))
                    .isEqualTo(checkpoint);
            assertThat(text(jdbi, "SELECT mode FROM reconcile_run WHERE outcome = 'failed'")).isEqualTo("incremental");
            assertThat(text(jdbi, "SELECT error FROM reconcile_run WHERE outcome = 'failed'"))
                    .startsWith("failsafe: stopped before changing anything");
            assertThat(text(jdbi, "SELECT state FROM join_request")).isEqualTo("pending");

            ReconcileReport allowed = app.reconciler().run(new Reconciler.Options(Mode.FULL, false, true),
                    Reconciler.Progress.NONE);
            assertThat(allowed.groupsDeleted()).isEqualTo(6);
            assertThat(allowed.requestsCancelled()).isEqualTo(1);

            ReconcileReport after = reportingDeletions.run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(after.mode()).isEqualTo(Mode.INCREMENTAL);
            assertThat(after.groupsDeleted()).isZero();
        }
    }

    /**
     * The soak's finding (issue 14): groups moved out of the base one by one while the daemon reads every few
     * seconds reach incremental runs in slices, each under the share, so the failsafe used to let a mass deletion
     * through. Removals of earlier runs in {@code reconcile.removalWindow} now count: the slice that takes the window
     * past the share stops, and a run let through with {@code --allow-mass-removal} starts a new window.
     */
    @Test
    void aDeletionSpreadOverIncrementalRunsStopsWhenTheWindowPassesTheShare() throws Exception { // issue 14
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            for (String g : List.of("Book Club", "Wiki Editors", "Project Phoenix", "Finance Alerts",
                    "Marketing Crew", "Helpdesk Agents")) {
                (first.size() < 3 ? first : second).add(idOfGroup(jdbi, g));
                t.directory().server().delete("cn=" + g + "," + GROUPS);
            }
            ReconcileReport slice = Reconcilers.over(app, new ReportingDeletions(Reconcilers.source(app), first))
                    .run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(slice.groupsDeleted()).isEqualTo(3);
            Map<String, List<String>> before = StoreDump.of(jdbi);

            Reconciler nextSlice = Reconcilers.over(app, new ReportingDeletions(Reconcilers.source(app), second));
            assertThatThrownBy(() -> nextSlice.run(INCREMENTAL, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("would remove 3 of 13 groups, 6 of 16 with the 3 that runs removed in the"
                            + " last 1h (38 %, more than the maxRemovalShare of 30 %)");
            assertThat(StoreDump.of(jdbi)).isEqualTo(before);

            ReconcileReport allowed = app.reconciler().run(new Reconciler.Options(Mode.FULL, false, true),
                    Reconciler.Progress.NONE);
            assertThat(allowed.groupsDeleted()).isEqualTo(3);
            t.directory().server().delete("cn=VPN Users," + GROUPS);
            ReconcileReport afterOverride = app.reconciler().run(false, Reconciler.Progress.NONE);
            assertThat(afterOverride.groupsDeleted()).isEqualTo(1);
        }
    }

    /**
     * slapd names, among the people search's deletions, a group changed since that search's cookie (it is not a
     * person): the group stays, because a deletion counts only for the search that reported it.
     */
    @Test
    void aGroupReportedDeletedToThePeopleSearchStaysAGroup() throws Exception { // spec Y2
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            String wiki = idOfGroup(jdbi, "Wiki Editors");

            ReconcileReport report = Reconcilers.over(app, new ReportingDeletions(Reconcilers.source(app),
                    List.of(wiki),
                    EnumSet.of(ReadWindow.Entries.PEOPLE))).run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(report.groupsDeleted()).isZero();
            assertThat(report.peopleRemoved()).isZero();
            assertThat(text(jdbi, "SELECT state FROM directory_group WHERE id = ?", wiki)).isEqualTo("active");
        }
    }

    /** Issue 10, finding 3: the people a server reports deleted count against the same share. */
    @Test
    void reportedDeletionsOfMoreThanTheShareOfPeopleStopTheIncrementalRun() throws Exception { // issue 10 finding 3
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            Jdbi jdbi = app.store().jdbi();
            List<String> people = texts(jdbi, "SELECT id FROM directory_person ORDER BY id");
            List<String> deleted = people.subList(0, people.size() / 2);
            Map<String, List<String>> before = StoreDump.of(jdbi);

            assertThatThrownBy(() -> Reconcilers.over(app, new ReportingDeletions(Reconcilers.source(app), deleted))
                    .run(INCREMENTAL, Reconciler.Progress.NONE))
                    .isInstanceOf(MassRemovalException.class)
                    .hasMessageContaining("would remove " + deleted.size() + " of " + people.size() + " people");
            assertThat(StoreDump.of(jdbi)).isEqualTo(before);

            ReconcileReport few = Reconcilers.over(app,
                    new ReportingDeletions(Reconcilers.source(app), people.subList(0, 1)))
                    .run(INCREMENTAL, Reconciler.Progress.NONE);
            assertThat(few.peopleRemoved()).isEqualTo(1);
        }
    }

    /**
     * Issue 10, low finding: a directory restored from an older backup refuses the stored content-sync cookie
     * (e-syncRefreshRequired), and every incremental run failed until the nightly full one. The source reports
     * that as {@link CheckpointRejectedException}; a stand-in does so here, as slapd would.
     */
    @Test
    void anIncrementalRunWhoseCheckpointTheDirectoryRejectsRunsFullAtOnceUnderTheSameLease() throws Exception {
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.reconciler().run(false, Reconciler.Progress.NONE);
            t.directory().server().delete("cn=Book Club," + GROUPS);
            Reconciler rejecting = Reconcilers.over(app, new RejectingCheckpoints(Reconcilers.source(app)));

            ReconcileReport report = rejecting.run(INCREMENTAL, Reconciler.Progress.NONE);

            assertThat(report.mode()).isEqualTo(Mode.FULL);
            assertThat(report.groupsDeleted()).isEqualTo(1);
            assertThat(report.warnings()).contains("checkpoint: read people: the cookie is not accepted;"
                    + " ran a full reconcile instead");
            Jdbi jdbi = app.store().jdbi();
            assertThat(texts(jdbi, "SELECT mode || ' ' || outcome FROM reconcile_run ORDER BY started_at"))
                    .containsExactly("full succeeded", "full succeeded");
            assertThat(app.runLock().holder(Reconciler.LOCK)).isEmpty();
        }
    }



    /** Refuses every incremental read as a server refuses a cookie from before its restore. */
    private record RejectingCheckpoints(SnapshotSource directory) implements SnapshotSource {
        @Override
        public Origin origin() {
            return directory.origin();
        }

        @Override
        public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            if (window.since().isPresent()) {
                throw new CheckpointRejectedException("read people", "the cookie is not accepted", null);
            }
            directory.readPeople(consumer, warnings, window);
        }

        @Override
        public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            directory.readGroups(consumer, warnings, window);
        }
    }

    /**
     * Reads through the directory and, on an incremental read, reports these ids deleted to the searches for
     * {@code to} as content sync does; to both unless told. As a server would, it does not also return an entry it
     * reports deleted: the embedded directory still holds them, and a window that reaches back to the second they
     * were added would read them again.
     */
    private record ReportingDeletions(SnapshotSource directory, List<String> deletedIds, Set<ReadWindow.Entries> to)
            implements SnapshotSource {
        ReportingDeletions(SnapshotSource directory, List<String> deletedIds) {
            this(directory, deletedIds, EnumSet.allOf(ReadWindow.Entries.class));
        }

        @Override
        public Origin origin() {
            return directory.origin();
        }

        @Override
        public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            directory.readPeople(person -> {
                if (!reported(window, ReadWindow.Entries.PEOPLE, person.id())) {
                    consumer.accept(person);
                }
            }, warnings, window);
            report(window, ReadWindow.Entries.PEOPLE);
        }

        @Override
        public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            directory.readGroups(group -> {
                if (!reported(window, ReadWindow.Entries.GROUPS, group.id())) {
                    consumer.accept(group);
                }
            }, warnings, window);
            report(window, ReadWindow.Entries.GROUPS);
        }

        private boolean reported(ReadWindow window, ReadWindow.Entries entries, String id) {
            return window.since().isPresent() && to.contains(entries) && deletedIds.contains(id);
        }

        private void report(ReadWindow window, ReadWindow.Entries entries) {
            if (window.since().isPresent() && to.contains(entries)) {
                deletedIds.forEach(id -> window.deleted(entries, id));
            }
        }
    }
}
