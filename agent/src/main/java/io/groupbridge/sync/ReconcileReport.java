package io.groupbridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a reconcile run did (spec Y5). {@code groupChanges} holds at most the report's limit; the counts are always
 * complete.
 */
public record ReconcileReport(
        String runId,
        Mode mode,
        boolean dryRun,
        Outcome outcome,
        Instant startedAt,
        Duration duration,
        int peopleRead,
        int groupsRead,
        int peopleAdded,
        int peopleChanged,
        int peopleRemoved,
        int groupsAdded,
        int groupsChanged,
        int groupsDeleted,
        int ownersAdded,
        int ownersRemoved,
        int membersAdded,
        int membersRemoved,
        int requestsCancelled,
        List<GroupChange> groupChanges,
        int warningCount,
        List<String> warnings,
        String error) {

    public enum Outcome { SUCCEEDED, FAILED }

    /** A full run reads everything and catches deletions; an incremental one reads only changed entries (Y2). */
    public enum Mode { FULL, INCREMENTAL }

    public ReconcileReport {
        groupChanges = List.copyOf(groupChanges);
        warnings = List.copyOf(warnings);
    }

    public int changes() {
        return peopleAdded + peopleChanged + peopleRemoved + groupsAdded + groupsChanged + groupsDeleted
                + requestsCancelled;
    }

    public boolean noChanges() {
        return changes() == 0;
    }
}
