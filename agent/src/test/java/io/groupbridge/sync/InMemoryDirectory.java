package io.groupbridge.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The snapshot-source port over entries held in memory (issue 11, point 6): every read returns all of them, as a
 * directory without change tracking does, so an incremental run sees what a full one sees.
 */
final class InMemoryDirectory implements SnapshotSource {

    private final List<DirectoryPerson> people = new ArrayList<>();
    private final List<DirectoryGroup> groups = new ArrayList<>();

    void replace(List<DirectoryPerson> newPeople, List<DirectoryGroup> newGroups) {
        people.clear();
        people.addAll(newPeople);
        groups.clear();
        groups.addAll(newGroups);
    }

    @Override
    public Origin origin() {
        return new Origin("cn=in-memory", "ou=people,dc=example,dc=com", "(objectClass=person)",
                "ou=groups,dc=example,dc=com", "(objectClass=groupOfNames)");
    }

    @Override
    public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window) {
        people.forEach(consumer);
    }

    @Override
    public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window) {
        groups.forEach(consumer);
    }
}
