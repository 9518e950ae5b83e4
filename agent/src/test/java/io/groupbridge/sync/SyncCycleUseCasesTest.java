package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sync cycle on in-memory ports (spec W5, Y4): a committed reconcile records the drift it revealed, a dry run
 * records none, and write-back and its plan are the relay's. {@code SyncCycleTest} shows the same on the embedded
 * store and directory.
 */
class SyncCycleUseCasesTest {

    private static final String VPN = "cn=VPN Users,ou=groups,dc=example,dc=com";
    private static final String OLIVIA = "uid=olivia,ou=people,dc=example,dc=com";
    private static final Failsafe OFF = new Failsafe(1.0, Integer.MAX_VALUE, true, Duration.ZERO);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T09:00:00Z"));
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryOutbox outbox = new InMemoryOutbox(clock);
    private final RecordingWriter writer = new RecordingWriter();
    private final SyncCycle cycle = new SyncCycle(
            new Reconciler(directory, new InMemoryReconcileStore(), new InMemoryRunLock(clock), OFF, clock, 50),
            new OutboxRelay(outbox, writer, new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), () -> 0L), 3,
                    100, clock));

    @Test
    void aCommittedReconcileRecordsTheDriftItRevealedAndADryRunRecordsNone() throws Exception { // spec W5, Y4
        Outbox.Drift lost = new Outbox.Drift(1, VPN, "add-member", OLIVIA, clock.instant(), clock.instant());
        outbox.drifted(lost);

        SyncCycle.Reconciled dryRun = cycle.reconcile(new Reconciler.Options(Mode.FULL, true, false),
                Reconciler.Progress.NONE);

        assertThat(dryRun.report().dryRun()).isTrue();
        assertThat(dryRun.drift()).isEmpty();
        assertThat(outbox.calls).isEmpty();

        SyncCycle.Reconciled committed = cycle.reconcile(Reconciler.Options.full(false), Reconciler.Progress.NONE);

        assertThat(committed.drift()).containsExactly(lost);
        assertThat(committed.report().dryRun()).isFalse();
    }

    @Test
    void writeBackAndItsPlanAreTheRelays() { // spec W1, Y4
        outbox.storeGroup("vpn", VPN, "member");
        outbox.add("vpn", VPN, "add-member", OLIVIA, null);

        assertThat(cycle.writeBackPlan()).containsExactly("modify " + VPN);
        assertThat(writer.sent).isEmpty();

        WriteBackReport report = cycle.writeBack();

        assertThat(report.done()).isEqualTo(1);
        assertThat(writer.sent).containsExactly(new WriteStep.Modify(VPN, "member",
                List.of(new ValueChange(true, false, RecordingWriter.dn(OLIVIA)))));
    }
}
