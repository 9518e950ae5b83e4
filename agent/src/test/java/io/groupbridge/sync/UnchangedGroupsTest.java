package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import io.groupbridge.sync.ReconcileReport.Mode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a no-op and an incremental reconcile cost (issue 13, points 4 and 5), on in-memory ports: a group whose
 * fingerprint as read equals the stored one is never mapped, and an incremental run looks up the fingerprints of
 * the entries it read instead of loading every stored one.
 */
class UnchangedGroupsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC);
    private static final Failsafe OFF = new Failsafe(1.0, Integer.MAX_VALUE, true, Duration.ZERO);
    private static final ChangeMark.Timestamp MARK = new ChangeMark.Timestamp(Instant.parse("2030-01-01T08:00:00Z"),
            Optional.empty(), false);

    private final Source source = new Source();
    private final InMemoryReconcileStore store = new InMemoryReconcileStore();
    private final Reconciler reconciler = new Reconciler(source, store, new InMemoryRunLock(CLOCK), OFF, CLOCK, 50);

    @Test
    void aGroupWhoseFingerprintAsReadEqualsTheStoredOneIsNeverMapped() throws Exception {
        DirectoryGroup a = group("a", List.of(person("ann")));
        DirectoryGroup b = group("b", List.of(person("ann"), person("bo")));
        source.groups = List.of(a, b);
        reconciler.run(false, Reconciler.Progress.NONE);

        source.groups = List.of(new Unmappable(a.id(), a.fingerprint()), new Unmappable(b.id(), b.fingerprint()));
        ReconcileReport report = reconciler.run(false, Reconciler.Progress.NONE);

        assertThat(report.noChanges()).isTrue();
        assertThat(report.groupsRead()).isEqualTo(2);
    }

    /** A value the mapping drops counts in the fingerprint as read: the group is mapped, and unchanged all the same. */
    @Test
    void aGroupWhoseReadFingerprintDiffersIsMappedAndUnchangedWhenItMapsToWhatTheStoreHolds() throws Exception {
        DirectoryGroup a = group("a", List.of(person("ann")));
        source.groups = List.of(a);
        reconciler.run(false, Reconciler.Progress.NONE);

        Counting dropped = new Counting(a, a.fingerprint() + 1);
        source.groups = List.of(dropped);
        ReconcileReport report = reconciler.run(false, Reconciler.Progress.NONE);

        assertThat(dropped.mapped).isEqualTo(1);
        assertThat(report.noChanges()).isTrue();
        assertThat(store.state().groups.get("a").members()).containsOnlyKeys(person("ann").normalized());
    }

    @Test
    void anIncrementalRunLooksUpOnlyTheEntriesItReadAndAppliesTheirChanges() throws Exception {
        DirectoryGroup a = group("a", List.of(person("ann")));
        DirectoryGroup b = group("b", List.of(person("bo")));
        source.groups = List.of(a, b);
        reconciler.run(false, Reconciler.Progress.NONE);
        int loadsAfterFullRun = store.state().fullFingerprintLoads;

        DirectoryGroup grown = group("b", List.of(person("bo"), person("cy")));
        source.groups = List.of(a, grown);
        source.changed = Set.of("b");
        ReconcileReport report = reconciler.run(new Reconciler.Options(Mode.INCREMENTAL, false, false),
                Reconciler.Progress.NONE);

        assertThat(report.mode()).isEqualTo(Mode.INCREMENTAL);
        assertThat(report.groupsRead()).isEqualTo(1);
        assertThat(report.membersAdded()).isEqualTo(1);
        assertThat(store.state().fullFingerprintLoads).as("no stored fingerprint loaded in full")
                .isEqualTo(loadsAfterFullRun);
        assertThat(store.state().groups.get("b").members()).containsOnlyKeys(person("bo").normalized(),
                person("cy").normalized());
        assertThat(store.state().groups.get("a").deleted()).as("a group the run did not read is unchanged").isFalse();
    }

    private static Dn person(String uid) {
        String dn = "uid=" + uid + ",ou=people,dc=example,dc=com";
        return new Dn(dn, dn);
    }

    private static DirectoryGroup group(String id, List<Dn> members) {
        String dn = "cn=" + id + ",ou=groups,dc=example,dc=com";
        return new DirectoryGroup(id, new Dn(dn, dn), id, null, GroupKind.SECURITY, null, null, false, Channel.API,
                "groupOfNames", "member", List.of(), members);
    }

    /** A group read whose values fail the test if mapped. */
    private record Unmappable(String id, long fingerprint) implements GroupRead {
        @Override
        public DirectoryGroup group() {
            throw new AssertionError("group " + id + " was mapped");
        }
    }

    /** A group read that counts how often its values are mapped. */
    private static final class Counting implements GroupRead {
        private final DirectoryGroup group;
        private final long fingerprint;
        int mapped;

        Counting(DirectoryGroup group, long fingerprint) {
            this.group = group;
            this.fingerprint = fingerprint;
        }

        @Override
        public String id() {
            return group.id();
        }

        @Override
        public long fingerprint() {
            return fingerprint;
        }

        @Override
        public DirectoryGroup group() {
            mapped++;
            return group;
        }
    }

    /** Every entry carries the same modification time; an incremental read returns only the ids in {@code changed}. */
    private static final class Source implements SnapshotSource {
        List<GroupRead> groups = new ArrayList<>();
        Set<String> changed = Set.of();

        @Override
        public Origin origin() {
            return new Origin("cn=test", "ou=people,dc=example,dc=com", "(objectClass=person)",
                    "ou=groups,dc=example,dc=com", "(objectClass=groupOfNames)");
        }

        @Override
        public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window) {
            window.observe(MARK);
            consumer.accept(new DirectoryPerson("p-ann", person("ann"), "ann", "Ann", null));
        }

        @Override
        public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window) {
            window.observe(MARK);
            for (GroupRead g : groups) {
                if (window.since().isEmpty() || changed.contains(g.id())) {
                    consumer.accept(g);
                }
            }
        }
    }
}
