package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.model.Channel;
import io.groupbridge.model.Dn;
import io.groupbridge.model.GroupKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The reconcile diff over random directories, on in-memory ports (issue 14, point 3; issue 11, point 6): whatever
 * the store held, a full run leaves it holding what the directory holds (people, groups, owners and members, the
 * rest deleted), renames and revived groups included, and a second run changes nothing.
 */
class ReconcilePropertiesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC);
    private static final Failsafe OFF = new Failsafe(1.0, Integer.MAX_VALUE, true, Duration.ZERO);
    private static final int PEOPLE = 8;
    private static final int GROUPS = 6;

    /** What a directory holds at one moment. */
    record Snapshot(List<DirectoryPerson> people, List<DirectoryGroup> groups) {
    }

    @Property(tries = 300)
    void aFullRunLeavesTheStoreHoldingWhatTheDirectoryHoldsAndASecondRunChangesNothing(
            @ForAll("snapshots") Snapshot before, @ForAll("snapshots") Snapshot after) throws Exception {
        InMemoryDirectory directory = new InMemoryDirectory();
        InMemoryReconcileStore store = new InMemoryReconcileStore();
        Reconciler reconciler = new Reconciler(directory, store, new InMemoryRunLock(CLOCK), OFF, CLOCK, 50);
        directory.replace(before.people(), before.groups());
        reconciler.run(false, Reconciler.Progress.NONE);

        directory.replace(after.people(), after.groups());
        reconciler.run(false, Reconciler.Progress.NONE);

        assertThat(storedPeople(store)).isEqualTo(byId(after.people()));
        assertThat(activeGroups(store)).isEqualTo(asStored(after.groups()));
        Set<String> gone = before.groups().stream().map(DirectoryGroup::id)
                .filter(id -> after.groups().stream().noneMatch(g -> g.id().equals(id))).collect(Collectors.toSet());
        assertThat(deletedGroups(store)).isEqualTo(gone);
        assertThat(reconciler.run(false, Reconciler.Progress.NONE).noChanges()).isTrue();
    }

    @Property(tries = 200)
    void aDryRunLeavesTheStoreAsItWas(@ForAll("snapshots") Snapshot before, @ForAll("snapshots") Snapshot after)
            throws Exception {
        InMemoryDirectory directory = new InMemoryDirectory();
        InMemoryReconcileStore store = new InMemoryReconcileStore();
        Reconciler reconciler = new Reconciler(directory, store, new InMemoryRunLock(CLOCK), OFF, CLOCK, 50);
        directory.replace(before.people(), before.groups());
        reconciler.run(false, Reconciler.Progress.NONE);
        InMemoryReconcileStore.State held = store.state();

        directory.replace(after.people(), after.groups());
        reconciler.run(true, Reconciler.Progress.NONE);

        assertThat(store.state()).isSameAs(held);
    }

    private static Map<String, DirectoryPerson> storedPeople(InMemoryReconcileStore store) {
        return new TreeMap<>(store.state().people);
    }

    private static Map<String, DirectoryPerson> byId(List<DirectoryPerson> people) {
        return people.stream().collect(Collectors.toMap(DirectoryPerson::id, p -> p, (a, b) -> a, TreeMap::new));
    }

    /** A group as compared: its entry fields and its owner and member values as sets of normalized DNs. */
    record Compared(DirectoryGroup fields, Set<String> owners, Set<String> members) {
    }

    private static Map<String, Compared> activeGroups(InMemoryReconcileStore store) {
        Map<String, Compared> result = new TreeMap<>();
        store.state().groups.forEach((id, g) -> {
            if (!g.deleted()) {
                result.put(id, new Compared(withoutValues(g.group()), Set.copyOf(g.owners().keySet()),
                        Set.copyOf(g.members().keySet())));
            }
        });
        return result;
    }

    private static Set<String> deletedGroups(InMemoryReconcileStore store) {
        return store.state().groups.entrySet().stream().filter(e -> e.getValue().deleted()).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Map<String, Compared> asStored(List<DirectoryGroup> groups) {
        Map<String, Compared> result = new TreeMap<>();
        for (DirectoryGroup g : groups) {
            result.put(g.id(), new Compared(withoutValues(g), normalized(g.owners()), normalized(g.members())));
        }
        return result;
    }

    private static DirectoryGroup withoutValues(DirectoryGroup g) {
        return new DirectoryGroup(g.id(), g.dn(), g.name(), g.description(), g.kind(), g.mail(), g.membershipRule(),
                g.roleAssignable(), g.channel(), g.objectClass(), g.memberAttribute(), List.of(), List.of());
    }

    private static Set<String> normalized(List<Dn> values) {
        return values.stream().map(Dn::normalized).collect(Collectors.toSet());
    }

    @Provide
    Arbitrary<Snapshot> snapshots() {
        Arbitrary<List<DirectoryPerson>> people = Arbitraries.subsetOf(IntStream.range(0, PEOPLE).boxed().toList())
                .flatMap(ids -> Combinators.combine(ids.stream().sorted().map(ReconcilePropertiesTest::person)
                        .toList()).as(List::copyOf));
        return people.flatMap(ps -> Arbitraries.subsetOf(IntStream.range(0, GROUPS).boxed().toList())
                .flatMap(ids -> Combinators.combine(ids.stream().sorted().map(ReconcilePropertiesTest::group)
                        .toList()).as(List::copyOf))
                .map(gs -> new Snapshot(ps, gs)));
    }

    /** Person {@code n}: the same id always, with a DN that may be renamed and attributes that may change. */
    private static Arbitrary<DirectoryPerson> person(int n) {
        return Combinators.combine(Arbitraries.of("", "-renamed"), Arbitraries.of("Pat", "Pat Q.", "Pät"),
                Arbitraries.of("p" + n + "@example.com", "other" + n + "@example.com"))
                .as((rename, name, mail) -> new DirectoryPerson("person-" + n,
                        dn("uid=p" + n + rename + ",ou=people,dc=example,dc=com"), "p" + n + rename, name + " " + n,
                        mail));
    }

    /** Group {@code n}: the same id always; DN, fields, owners and members (some dangling) vary. */
    private static Arbitrary<DirectoryGroup> group(int n) {
        Arbitrary<List<Dn>> values = Arbitraries.subsetOf(IntStream.range(0, PEOPLE + 2).boxed().toList())
                .map(ids -> ids.stream().sorted().map(i -> dn("uid=p" + i + ",ou=people,dc=example,dc=com")).toList());
        return Combinators.combine(Arbitraries.of("", " Renamed"), Arbitraries.of(GroupKind.class),
                Arbitraries.of(null, "list" + n + "@example.com"), Arbitraries.of(null, "(department=Sales)"),
                Arbitraries.of(true, false), Arbitraries.of(Channel.class), values, values)
                .as((rename, kind, mail, rule, roleAssignable, channel, owners, members) -> new DirectoryGroup(
                        "group-" + n, dn("cn=Group " + n + rename + ",ou=groups,dc=example,dc=com"),
                        "Group " + n + rename, rule == null ? null : "dynamic", kind, mail, rule, roleAssignable,
                        channel, "groupOfNames", "member", owners, members));
    }

    private static Dn dn(String dn) {
        return new Dn(dn, dn.toLowerCase(Locale.ROOT));
    }
}
