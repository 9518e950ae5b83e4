package io.groupbridge.sync;

import java.util.function.Consumer;

/**
 * Reads the whole directory, one entry at a time. Implementations stream: each entry is handed to the consumer
 * as soon as it is read and is not kept, so memory stays flat whatever the directory's size.
 *
 * <p>Entries that cannot be mapped are reported to the {@link ReconcileWarnings} and skipped; they never stop a
 * run. A lost connection or a refused search throws {@link SyncException}, and the caller abandons the run.
 */
public interface SnapshotSource {

    void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings) throws SyncException;

    void readGroups(Consumer<DirectoryGroup> consumer, ReconcileWarnings warnings) throws SyncException;
}
