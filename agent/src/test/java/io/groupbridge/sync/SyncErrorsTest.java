package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.model.Dn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a sync error tells whoever reads it: the phase, the object, and what to check; and the report's totals a
 * caller decides on (spec Y1, Y6, W3).
 */
class SyncErrorsTest {

    private static final Instant NOON = Instant.parse("2030-01-01T12:00:00Z");

    @Test
    void anEmptyDirectorySaysWhoReadWhatFromWhereAndHowToAllowIt() {
        SnapshotSource.Origin anonymous = new SnapshotSource.Origin("", "ou=people,dc=example,dc=com", "(uid=*)",
                "ou=groups,dc=example,dc=com", "(cn=*)");
        SnapshotSource.Origin bound = new SnapshotSource.Origin("cn=reader,dc=example,dc=com",
                "ou=people,dc=example,dc=com", "(uid=*)", "ou=groups,dc=example,dc=com", "(cn=*)");

        assertThat(new EmptyDirectoryException("read 0 people and 0 groups", anonymous).getMessage())
                .startsWith("empty directory: read 0 people and 0 groups anonymously from people base "
                        + "ou=people,dc=example,dc=com (filter (uid=*)) and group base ou=groups,dc=example,dc=com"
                        + " (filter (cn=*))")
                .contains("Check that anonymously may read").endsWith("set reconcile.allowEmptyDirectory: true");
        assertThat(new EmptyDirectoryException("read 3 people and 0 groups", bound).getMessage())
                .contains("read 3 people and 0 groups as cn=reader,dc=example,dc=com from people base");
    }

    @Test
    void aHeldLockNamesItsHolderAndWhenItExpiresAndTheExplanationDropsThePhase() { // spec Y6
        RunLock.Holder holder = new RunLock.Holder("reconcile", "daemon on host-a", NOON, NOON.plusSeconds(300));

        LockHeldException e = new LockHeldException("full reconcile", holder);

        assertThat(e.holder()).isEqualTo(holder);
        assertThat(e.phase()).isEqualTo("lock");
        assertThat(e.explanation()).isEqualTo("another full reconcile holds the lock since 2030-01-01T12:00:00Z"
                + " (holder daemon on host-a); it expires at 2030-01-01T12:05:00Z unless renewed");
        assertThat(e.getMessage()).isEqualTo("lock: " + e.explanation());
    }

    @Test
    void aStoppedMassRemovalListsItsReasonsAndTheWayOut() { // issue 10
        MassRemovalException e = new MassRemovalException(List.of("would remove 5 of 10 groups", "and 2 more"));

        assertThat(e.reasons()).containsExactly("would remove 5 of 10 groups", "and 2 more");
        assertThat(e.getMessage()).startsWith("failsafe: stopped before changing anything: would remove 5 of 10"
                + " groups; and 2 more. If the directory really lost these entries, run groupbridge reconcile"
                + " --allow-mass-removal once");
    }

    @Test
    void aWriteBackErrorSaysWhetherARetryMayHelp() { // spec W3
        assertThat(new WriteBackException("busy", true, null).retryable()).isTrue();
        assertThat(new WriteBackException("no such object", false, null).retryable()).isFalse();
    }

    @Test
    void confirmedValuesNeedOneValuePerRow() { // spec W1
        OutboxRow row = new OutboxRow(1, "vpn", "cn=VPN,dc=example,dc=com", "add-member", "uid=a,dc=example,dc=com",
                null, null, OutboxRow.PENDING, 0, NOON, null, NOON, null);

        assertThatThrownBy(() -> new Outbox.Applied("vpn", List.of(row), List.of(), NOON))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 rows but 0 values");
        assertThat(new Outbox.Applied("vpn", List.of(row), List.of(new Dn("uid=a,dc=example,dc=com",
                "uid=a,dc=example,dc=com")), NOON).rows()).containsExactly(row);
    }

    @Test
    void aRunsChangesAreEveryEntryAddedChangedOrRemovedAndEveryRequestCancelled() { // spec Y1
        ReconcileReport report = new ReconcileReport("run", ReconcileReport.Mode.FULL, false,
                ReconcileReport.Outcome.SUCCEEDED, NOON, Duration.ZERO, 0, 0, 1, 2, 4, 8, 16, 32, 100, 200, 300, 400,
                64, List.of(), 0, List.of(), null);
        ReconcileReport quiet = new ReconcileReport("run", ReconcileReport.Mode.FULL, false,
                ReconcileReport.Outcome.SUCCEEDED, NOON, Duration.ZERO, 10, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                List.of(), 0, List.of(), null);

        assertThat(report.changes()).isEqualTo(127);
        assertThat(report.noChanges()).isFalse();
        assertThat(quiet.noChanges()).isTrue();
    }

    @Test
    void aWriteBackRunHasNothingToDoOnlyWhenNoRowWasDoneRetriedOrParked() { // spec W1
        assertThat(WriteBackReport.empty().nothingToDo()).isTrue();
        assertThat(new WriteBackReport(1, 0, 0, 1, 0, 0, List.of()).nothingToDo()).isFalse();
        assertThat(new WriteBackReport(0, 1, 0, 0, 0, 0, List.of()).nothingToDo()).isFalse();
        assertThat(new WriteBackReport(0, 0, 1, 0, 0, 0, List.of()).nothingToDo()).isFalse();
    }
}
