package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.sync.ReconcileReport.Outcome;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reconcile on in-memory fakes of its ports (directory, store, run lock), spec Y1-Y6 and the failsafe (issue 10):
 * which mode a run takes, what an incremental run removes, what stops a run and what a stopped run leaves, and what
 * the report counts. {@code ReconcilerTest}, {@code IncrementalReconcileTest} and {@code ReconcileSafetyTest} keep
 * the same behaviour against the embedded store and directory; these run in milliseconds, so mutation testing can
 * afford them.
 */
class ReconcileUseCasesTest {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String GROUPS = "ou=groups,dc=example,dc=com";
    private static final Failsafe OFF = new Failsafe(1.0, Integer.MAX_VALUE, true, Duration.ZERO);
    private static final Failsafe STRICT = new Failsafe(0.30, 200, true, Duration.ZERO);
    private static final Reconciler.Options INCREMENTAL = new Reconciler.Options(Mode.INCREMENTAL, false, false);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));
    private final ScriptedDirectory directory = new ScriptedDirectory();
    private final InMemoryReconcileStore store = new InMemoryReconcileStore();
    private final InMemoryRunLock lock = new InMemoryRunLock(clock);

    private Reconciler reconciler(Failsafe failsafe, int reportLimit) {
        return new Reconciler(directory, store, lock, failsafe, clock, reportLimit);
    }

    private Reconciler reconciler() {
        return reconciler(OFF, 50);
    }

    @Test
    void aRunWithoutACheckpointIsFullEvenWhenAnIncrementalOneWasAskedAndStoresTheMarkItRead() throws Exception { // Y2
        directory.people.add(person(1));
        directory.groups.add(group("staff", 1));
        directory.mark = new ChangeMark.Sequence(5);

        ReconcileReport report = reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

        assertThat(report.mode()).isEqualTo(Mode.FULL);
        assertThat(store.state().checkpoints).containsEntry(Reconciler.CHECKPOINT, new ChangeMark.Sequence(5));

        directory.mark = new ChangeMark.Sequence(9);

        assertThat(reconciler().run(INCREMENTAL, Reconciler.Progress.NONE).mode()).isEqualTo(Mode.INCREMENTAL);
        assertThat(directory.windows).last().satisfies(w -> assertThat(w.since()).contains(new ChangeMark.Sequence(5)));
        assertThat(store.state().checkpoints).containsEntry(Reconciler.CHECKPOINT, new ChangeMark.Sequence(9));
    }

    @Test
    void onlyAFullRunMovesTheCheckpointBackToAnEarlierMark() throws Exception { // spec Y2
        directory.people.add(person(1));
        directory.groups.add(group("staff", 1));
        store.state().checkpoints.put(Reconciler.CHECKPOINT, new ChangeMark.Sequence(9));
        directory.mark = new ChangeMark.Sequence(5);

        reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

        assertThat(store.state().checkpoints).containsEntry(Reconciler.CHECKPOINT, new ChangeMark.Sequence(9));

        reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(store.state().checkpoints).as("a restored directory: the full run's mark is the truth")
                .containsEntry(Reconciler.CHECKPOINT, new ChangeMark.Sequence(5));
    }

    @Test
    void anIncrementalRunRemovesOnlyWhatTheDirectoryReportsDeletedAndNotReadAgain() throws Exception { // spec Y2
        directory.people.addAll(List.of(person(1), person(2), person(3)));
        directory.groups.addAll(List.of(group("staff", 1), group("lab", 2)));
        directory.mark = new ChangeMark.Sequence(5);
        reconciler().run(false, Reconciler.Progress.NONE);
        store.state().pendingRequests.put(person(2).dn().normalized(), 2);
        store.state().pendingRequests.put("lab", 1);
        // Only person 1 changed since; 1 and 2 and the lab are reported deleted, but 1 was read again after that.
        directory.people.clear();
        directory.people.add(person(1));
        directory.groups.clear();
        directory.deletedPeople.addAll(List.of("person-1", "person-2"));
        directory.deletedGroups.add("lab");

        ReconcileReport report = reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

        assertThat(store.state().people).containsOnlyKeys("person-1", "person-3");
        assertThat(store.state().groups.get("lab").deleted()).isTrue();
        assertThat(store.state().groups.get("staff").deleted()).isFalse();
        assertThat(report.peopleRemoved()).isEqualTo(1);
        assertThat(report.groupsDeleted()).isEqualTo(1);
        assertThat(report.requestsCancelled()).isEqualTo(3);
        assertThat(report.groupChanges()).extracting(GroupChange::type).containsExactly(GroupChange.Type.DELETED);
    }

    @Test
    void aFullRunRemovesWhatItDidNotReadAndCancelsTheirPendingRequests() throws Exception { // spec Y1, R3
        directory.people.addAll(List.of(person(1), person(2)));
        directory.groups.addAll(List.of(group("staff", 1), group("lab", 2)));
        reconciler().run(false, Reconciler.Progress.NONE);
        store.state().pendingRequests.put(person(2).dn().normalized(), 1);
        store.state().pendingRequests.put("lab", 4);
        directory.people.remove(1);
        directory.groups.remove(1);

        ReconcileReport report = reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(store.state().people).containsOnlyKeys("person-1");
        assertThat(store.state().groups.get("lab").deleted()).isTrue();
        assertThat(report.peopleRemoved()).isEqualTo(1);
        assertThat(report.groupsDeleted()).isEqualTo(1);
        assertThat(report.requestsCancelled()).isEqualTo(5);
        assertThat(report.changes()).isEqualTo(7);
    }

    @Test
    void aRejectedCheckpointMakesTheIncrementalRunAFullOneThatSaysWhy() throws Exception { // spec Y2
        directory.people.add(person(1));
        directory.groups.add(group("staff", 1));
        store.state().checkpoints.put(Reconciler.CHECKPOINT, new ChangeMark.Sequence(3));
        directory.rejectCheckpoint = "the server no longer knows usn 3";

        ReconcileReport report = reconciler().run(INCREMENTAL, Reconciler.Progress.NONE);

        assertThat(report.mode()).isEqualTo(Mode.FULL);
        assertThat(report.warnings()).containsExactly(Reconciler.CHECKPOINT_WARNING
                + ": incremental: the server no longer knows usn 3; ran a full reconcile instead");
        assertThat(store.state().people).containsOnlyKeys("person-1");
        assertThat(store.failedRuns()).isEmpty();
    }

    @Test
    void aCheckpointRejectedInAFullRunFailsTheRunAndIsRecorded() { // spec Y2, Y3
        directory.people.add(person(1));
        directory.rejectAlways = "the server refuses the read";

        assertThatThrownBy(() -> reconciler().run(false, Reconciler.Progress.NONE))
                .isInstanceOf(CheckpointRejectedException.class);

        assertThat(store.failedRuns()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.error()).isEqualTo("incremental: the server refuses the read");
        });
        assertThat(store.state().people).isEmpty();
    }

    @Test
    void aDirectoryThatFailsChangesNothingAndTheFailedRunIsRecordedUnlessItWasDry() { // spec Y3, Y4
        directory.people.add(person(1));
        directory.failure = new SyncException("people", "server down", null);

        assertThatThrownBy(() -> reconciler().run(false, Reconciler.Progress.NONE)).isSameAs(directory.failure);
        assertThatThrownBy(() -> reconciler().run(true, Reconciler.Progress.NONE)).isSameAs(directory.failure);

        assertThat(store.failedRuns()).singleElement().satisfies(r -> {
            assertThat(r.error()).isEqualTo("people: server down");
            assertThat(r.dryRun()).isFalse();
        });
        assertThat(store.state().people).isEmpty();
        assertThat(lock.holder(Reconciler.LOCK)).isEmpty();
    }

    @Test
    void aFullRunThatReadsNothingIntoAnEmptyStoreStopsUnlessAnEmptyDirectoryIsAllowed() throws Exception { // Y1
        Failsafe strictAboutEmpty = new Failsafe(1.0, 200, false, Duration.ZERO);
        directory.people.add(person(1));

        assertThatThrownBy(() -> reconciler(strictAboutEmpty, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOf(EmptyDirectoryException.class).hasMessageContaining("read 1 people and 0 groups");
        assertThat(store.failedRuns()).hasSize(1);

        assertThat(reconciler(OFF, 50).run(false, Reconciler.Progress.NONE).peopleAdded()).isEqualTo(1);
    }

    @Test
    void anIncrementalRunThatReadsNothingNewIsNoEmptyDirectory() throws Exception { // spec Y1, Y2
        Failsafe strictAboutEmpty = new Failsafe(1.0, 200, false, Duration.ZERO);
        store.state().checkpoints.put(Reconciler.CHECKPOINT, new ChangeMark.Sequence(3));

        ReconcileReport report = reconciler(strictAboutEmpty, 50).run(INCREMENTAL, Reconciler.Progress.NONE);

        assertThat(report.mode()).isEqualTo(Mode.INCREMENTAL);
        assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void theFailsafeStopsARunThatWouldRemoveTooManyGroupsAndTheStoreKeepsThem() throws Exception { // issue 10
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(5, 10).clear();

        assertThatThrownBy(() -> reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 5 of 10 groups (50 %, more than the maxRemovalShare of 30 %)"));

        assertThat(store.state().groups.values()).noneMatch(InMemoryReconcileStore.Stored::deleted);
        assertThat(store.failedRuns()).hasSize(1);
    }

    @Test
    void aDryRunTheFailsafeWouldStopWarnsWhatARealRunWouldDo() throws Exception { // spec Y4, issue 10
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(5, 10).clear();

        ReconcileReport report = reconciler(STRICT, 50).run(true, Reconciler.Progress.NONE);

        assertThat(report.warnings()).containsExactly("failsafe: a real run would stop here: would remove 5 of 10"
                + " groups (50 %, more than the maxRemovalShare of 30 %)");
        assertThat(report.groupsDeleted()).isEqualTo(5);
        assertThat(store.state().groups.values()).noneMatch(InMemoryReconcileStore.Stored::deleted);
        assertThat(store.failedRuns()).isEmpty();
    }

    @Test
    void allowingMassRemovalLetsTheRunThroughWithWarningsAndResetsTheWindow() throws Exception { // issue 10
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(5, 10).clear();

        ReconcileReport report = reconciler(STRICT, 50).run(new Reconciler.Options(Mode.FULL, false, true),
                Reconciler.Progress.NONE);

        assertThat(report.warnings()).containsExactly("failsafe: overridden by --allow-mass-removal: would remove 5"
                + " of 10 groups (50 %, more than the maxRemovalShare of 30 %)");
        assertThat(store.state().groups.values()).filteredOn(InMemoryReconcileStore.Stored::deleted).hasSize(5);
        assertThat(store.state().overriddenRuns).containsExactly(report.runId());

        ReconcileReport quiet = reconciler(STRICT, 50).run(new Reconciler.Options(Mode.FULL, false, true),
                Reconciler.Progress.NONE);

        assertThat(quiet.warnings()).isEmpty();
        assertThat(store.state().overriddenRuns).containsExactly(report.runId());
    }

    @Test
    void removalsOfEarlierRunsInTheWindowCountAgainstTheShare() throws Exception { // issue 10, finding 3
        Failsafe windowed = new Failsafe(0.30, 200, true, Duration.ofHours(1));
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(windowed, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(8, 10).clear();
        reconciler(windowed, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(6, 8).clear();

        assertThatThrownBy(() -> reconciler(windowed, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 2 of 8 groups, 4 of 10 with the 2 that runs removed in the last 1h (40 %, more"
                                + " than the maxRemovalShare of 30 %)"));

        assertThat(reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE).groupsDeleted()).isEqualTo(2);
    }

    @Test
    void tenLargeGroupsLosingTheirMembersAreNamedAndTheRestCounted() throws Exception { // issue 10
        Failsafe largeFromTwo = new Failsafe(0.30, 2, false, Duration.ZERO);
        directory.people.addAll(List.of(person(1), person(2)));
        IntStream.range(0, 12).forEach(i -> directory.groups.add(group("g" + i, 1, 2)));
        reconciler(largeFromTwo, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.replaceAll(g -> group(g.id()));

        assertThatThrownBy(() -> reconciler(largeFromTwo, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> {
                    assertThat(e.reasons()).hasSize(11);
                    assertThat(e.reasons().get(0)).isEqualTo("would remove 2 of the 2 members of cn=g0," + GROUPS
                            + " (100 %, more than the maxRemovalShare of 30 %)");
                    assertThat(e.reasons().get(10)).isEqualTo("and 2 more large groups");
                });
    }

    @Test
    void theFailsafeHoldsPeopleToTheShareInFullAndIncrementalRuns() throws Exception { // issue 10, finding 3
        IntStream.range(0, 10).forEach(i -> directory.people.add(person(i)));
        directory.mark = new ChangeMark.Sequence(1);
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.people.subList(6, 10).clear();

        assertThatThrownBy(() -> reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 4 of 10 people (40 %, more than the maxRemovalShare of 30 %)"));

        directory.people.clear();
        directory.deletedPeople.addAll(List.of("person-6", "person-7", "person-8", "person-9"));

        assertThatThrownBy(() -> reconciler(STRICT, 50).run(INCREMENTAL, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 4 of 10 people (40 %, more than the maxRemovalShare of 30 %)"));
        assertThat(store.state().people).hasSize(10);
    }

    @Test
    void theFailsafeHoldsGroupsTheDirectoryReportsDeletedToTheShare() throws Exception { // issue 10, finding 3
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        directory.mark = new ChangeMark.Sequence(1);
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.clear();
        directory.deletedGroups.addAll(List.of("g0", "g1", "g2", "g3"));

        assertThatThrownBy(() -> reconciler(STRICT, 50).run(INCREMENTAL, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 4 of 10 groups (40 %, more than the maxRemovalShare of 30 %)"));
    }

    @Test
    void groupsTheStoreHoldsAsDeletedAreNotCountedAsStoredByTheFailsafe() throws Exception { // issue 10
        IntStream.range(0, 10).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(8, 10).clear();
        reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE);
        directory.groups.subList(5, 8).clear();

        // 3 of the 8 active groups is over the share; 3 of 10 counting the 2 deleted ones would not be.
        assertThatThrownBy(() -> reconciler(STRICT, 50).run(false, Reconciler.Progress.NONE))
                .isInstanceOfSatisfying(MassRemovalException.class, e -> assertThat(e.reasons()).containsExactly(
                        "would remove 3 of 8 groups (38 %, more than the maxRemovalShare of 30 %)"));
    }

    @Test
    void theReportKeepsNoMoreDeletedGroupsThanItsLimit() throws Exception { // spec Y1
        IntStream.range(0, 4).forEach(i -> directory.groups.add(group("g" + i)));
        reconciler(OFF, 2).run(false, Reconciler.Progress.NONE);
        directory.groups.clear();

        ReconcileReport report = reconciler(OFF, 2).run(false, Reconciler.Progress.NONE);

        assertThat(report.groupsDeleted()).isEqualTo(4);
        assertThat(report.groupChanges()).hasSize(2).extracting(GroupChange::type)
                .containsOnly(GroupChange.Type.DELETED);
    }

    @Test
    void danglingMembersAreWarnedUpToTheReportLimitAndAllCounted() throws Exception { // spec Y5
        directory.people.add(person(1));
        directory.groups.add(group("staff", 1, 7, 8, 9));

        ReconcileReport report = reconciler(OFF, 2).run(false, Reconciler.Progress.NONE);

        assertThat(report.warningCount()).isEqualTo(3);
        assertThat(report.warnings()).containsExactly(
                "cn=staff," + GROUPS + ": member uid=p7," + PEOPLE + " points at no entry",
                "cn=staff," + GROUPS + ": member uid=p8," + PEOPLE + " points at no entry");
    }

    @Test
    void progressIsReportedEveryThousandPeopleAndHundredGroupsAndWhenEachReadEnds() throws Exception { // Y1
        IntStream.range(0, 1001).forEach(i -> directory.people.add(person(i)));
        IntStream.range(0, 101).forEach(i -> directory.groups.add(group("g" + i)));
        directory.mark = new ChangeMark.Sequence(1);
        List<String> updates = new ArrayList<>();

        reconciler().run(false, (phase, count) -> updates.add(phase + " " + count));

        assertThat(updates).containsExactly("people 1000", "people 1001", "groups 100", "groups 101");

        updates.clear();
        directory.mark = new ChangeMark.Sequence(2);
        assertThat(reconciler().run(INCREMENTAL, (phase, count) -> updates.add(phase + " " + count)).mode())
                .isEqualTo(Mode.INCREMENTAL);

        assertThat(updates).containsExactly("people 1000", "people 1001", "groups 100", "groups 101");
    }

    @Test
    void theReportCountsEveryChangeAndKeepsTheFirstGroupChangesUpToItsLimit() throws Exception { // spec Y1
        directory.people.addAll(List.of(person(1), person(2), person(3)));
        directory.groups.addAll(List.of(group("a", 1), group("b", 1, 2), group("c", 3)));

        ReconcileReport added = reconciler(OFF, 2).run(false, Reconciler.Progress.NONE);

        assertThat(added.groupsAdded()).isEqualTo(3);
        assertThat(added.ownersAdded()).isEqualTo(3);
        assertThat(added.membersAdded()).isEqualTo(4);
        assertThat(added.groupChanges()).hasSize(2).first().isEqualTo(new GroupChange(GroupChange.Type.ADDED,
                GroupSummary.of(group("a", 1), "open"), 1, 0, 1, 0));
        assertThat(added.peopleRead()).isEqualTo(3);
        assertThat(added.groupsRead()).isEqualTo(3);
        assertThat(added.startedAt()).isEqualTo(clock.instant());
        assertThat(added.outcome()).isEqualTo(Outcome.SUCCEEDED);

        directory.people.set(0, new DirectoryPerson("person-1", dn("uid=p1," + PEOPLE), "p1", "Pat Renamed",
                "p1@example.com"));
        directory.groups.set(1, group("b", 2, 3));

        ReconcileReport changed = reconciler(OFF, 2).run(false, Reconciler.Progress.NONE);

        assertThat(changed.peopleChanged()).isEqualTo(1);
        assertThat(changed.peopleAdded()).isZero();
        assertThat(changed.groupsChanged()).isEqualTo(1);
        assertThat(changed).extracting(ReconcileReport::ownersAdded, ReconcileReport::ownersRemoved,
                ReconcileReport::membersAdded, ReconcileReport::membersRemoved).containsExactly(1, 1, 1, 1);
        assertThat(changed.groupChanges()).containsExactly(new GroupChange(GroupChange.Type.CHANGED,
                GroupSummary.of(group("b", 2, 3), "open"), 1, 1, 1, 1));
        assertThat(store.state().groups.get("b").members()).containsOnlyKeys(dn("uid=p2," + PEOPLE).normalized(),
                dn("uid=p3," + PEOPLE).normalized());
    }

    @Test
    void aGroupDeletedInTheStoreThatTheDirectoryHasAgainIsRevived() throws Exception { // spec Y1
        directory.groups.add(group("lab", 1));
        directory.people.add(person(1));
        reconciler().run(false, Reconciler.Progress.NONE);
        directory.groups.clear();
        reconciler().run(false, Reconciler.Progress.NONE);
        directory.groups.add(group("lab", 1));

        ReconcileReport report = reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(report.groupsChanged()).isEqualTo(1);
        assertThat(store.state().groups.get("lab").deleted()).isFalse();
    }

    @Test
    void onlyARunThatAddedGroupsGivesThemTheirCreatorsPolicies() throws Exception { // spec A7, W1
        directory.groups.add(group("lab"));
        directory.people.add(person(1));

        ReconcileReport first = reconciler().run(false, Reconciler.Progress.NONE);
        reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(store.state().creatorsPoliciesKeptBy).containsExactly(first.runId());
    }

    @Test
    void aCommittedRunFlushesItsWritesOnceAndIsRecorded() throws Exception { // spec Y3
        directory.groups.add(group("lab"));
        directory.people.add(person(1));

        ReconcileReport report = reconciler().run(false, Reconciler.Progress.NONE);

        assertThat(store.state().flushes).isEqualTo(1);
        assertThat(store.state().runs).containsExactly(report);
    }

    @Test
    void aRunThatLostItsLeaseBeforeCommittingLeavesTheStoreAsItWas() { // spec Y6
        directory.groups.add(group("lab"));
        directory.people.add(person(1));
        RunLock lost = new RunLock() {
            @Override
            public Lease acquire(String name, String purpose) {
                return new Lease() {
                    @Override
                    public void verify() throws SyncException {
                        throw new SyncException("lock", "the lease expired while the run went on", null);
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public Optional<Holder> holder(String name) {
                return Optional.empty();
            }
        };

        assertThatThrownBy(() -> new Reconciler(directory, store, lost, OFF, clock, 50)
                .run(false, Reconciler.Progress.NONE)).hasMessage("lock: the lease expired while the run went on");

        assertThat(store.state().people).isEmpty();
        assertThat(store.failedRuns()).hasSize(1);
    }

    @Test
    void aHeldLeaseStopsTheRunBeforeItReadsOrRecordsAnything() throws Exception { // spec Y6
        directory.people.add(person(1));
        try (RunLock.Lease held = lock.acquire(Reconciler.LOCK, "full reconcile")) {
            assertThatThrownBy(() -> reconciler().run(new Reconciler.Options(Mode.INCREMENTAL, true, false),
                    Reconciler.Progress.NONE)).isInstanceOf(LockHeldException.class)
                    .hasMessageStartingWith("lock: another dry-run incremental reconcile holds the lock");
        }

        assertThat(directory.windows).isEmpty();
        assertThat(store.failedRuns()).isEmpty();
    }

    private static DirectoryPerson person(int n) {
        return new DirectoryPerson("person-" + n, dn("uid=p" + n + "," + PEOPLE), "p" + n, "Pat " + n,
                "p" + n + "@example.com");
    }

    /** Group {@code id}, owned by and holding people {@code members}. */
    private static DirectoryGroup group(String id, int... members) {
        List<Dn> values = IntStream.of(members).mapToObj(n -> dn("uid=p" + n + "," + PEOPLE)).toList();
        return new DirectoryGroup(id, dn("cn=" + id + "," + GROUPS), id, null, GroupKind.UNIFIED, null, null, false,
                Channel.SELF_SERVICE, "groupOfNames", "member", values.isEmpty() ? List.of() : values.subList(0, 1),
                values);
    }

    private static Dn dn(String dn) {
        return new Dn(dn, dn.toLowerCase(Locale.ROOT));
    }

    /**
     * A directory whose reads can say what changed since a checkpoint: the mark it reached, entries deleted since,
     * a checkpoint it no longer knows; or that fail.
     */
    private static final class ScriptedDirectory implements SnapshotSource {
        final List<DirectoryPerson> people = new ArrayList<>();
        final List<DirectoryGroup> groups = new ArrayList<>();
        final Set<String> deletedPeople = new HashSet<>();
        final Set<String> deletedGroups = new HashSet<>();
        final List<ReadWindow> windows = new ArrayList<>();
        ChangeMark mark;
        String rejectCheckpoint;
        String rejectAlways;
        SyncException failure;

        @Override
        public Origin origin() {
            return new Origin("cn=reader", PEOPLE, "(objectClass=person)", GROUPS, "(objectClass=groupOfNames)");
        }

        @Override
        public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            windows.add(window);
            read(window, ReadWindow.Entries.PEOPLE, deletedPeople);
            people.forEach(consumer);
        }

        @Override
        public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            read(window, ReadWindow.Entries.GROUPS, deletedGroups);
            groups.forEach(consumer);
        }

        private void read(ReadWindow window, ReadWindow.Entries entries, Set<String> deleted) throws SyncException {
            if (failure != null) {
                throw failure;
            }
            if (rejectAlways != null || (rejectCheckpoint != null && window.since().isPresent())) {
                throw new CheckpointRejectedException("incremental",
                        rejectAlways != null ? rejectAlways : rejectCheckpoint, null);
            }
            if (mark != null) {
                window.observe(mark);
            }
            deleted.forEach(id -> window.deleted(entries, id));
        }
    }
}
