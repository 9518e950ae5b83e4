package io.groupbridge.sync;

import java.util.function.Consumer;

/**
 * Reads the directory, one entry at a time: everything, or only what changed since a checkpoint (spec Y1, Y2).
 * Implementations stream: each entry is handed to the consumer as soon as it is read and is not kept, so memory
 * stays flat whatever the directory's size. Both kinds of read feed the same consumer, so a full and an
 * incremental reconcile apply changes through one path.
 *
 * <p>Entries that cannot be mapped are reported to the {@link ReconcileWarnings} and skipped; they never stop a
 * run. A lost connection or a refused search throws {@link SyncException}, and the caller abandons the run.
 */
public interface SnapshotSource {

    /**
     * Where a source reads and as whom, for messages that tell an administrator what to check.
     *
     * @param bindDn the account the reads bind as; empty for an anonymous read
     */
    record Origin(String bindDn, String peopleBase, String peopleFilter, String groupBase, String groupFilter) { }

    /** Where this source reads people and groups, and as whom. */
    Origin origin();

    /** Reads the people in {@code window}, telling the window each entry's modification time. */
    void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
            throws SyncException;

    /**
     * Reads the groups in {@code window}, telling the window each entry's modification time. A {@link GroupRead}
     * is valid while the run lasts; its values are mapped only if asked for.
     */
    void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
            throws SyncException;
}
