package io.groupbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.DirectoryGroup;
import io.groupbridge.sync.DirectoryPerson;
import io.groupbridge.sync.GroupRead;
import io.groupbridge.sync.ReadWindow;
import io.groupbridge.sync.ReconcileReport.Mode;
import io.groupbridge.sync.ReconcileWarnings;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.SnapshotSource;
import io.groupbridge.sync.SyncCycle;
import io.groupbridge.sync.SyncException;
import io.groupbridge.testing.Reconcilers;
import io.groupbridge.testing.TestHome;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the daemon's own full and incremental runs take turns. Before, a full run that fired while an incremental run
 * held the lease was skipped until its next fire (a day later by default), and deletions waited that long; under
 * load, with incremental runs back to back, the full runs of DaemonTest's 3-second schedule could all be skipped.
 */
class ReconcileCycleTest {

    @TempDir
    Path home;

    @Test
    void aFullRunThatFiresDuringAnIncrementalRunWaitsForItInsteadOfBeingSkipped() throws Exception {
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            app.syncCycle().reconcile(new Reconciler.Options(Mode.FULL, false, false), Reconciler.Progress.NONE);
            Gate gate = new Gate(Reconcilers.source(app));
            ReconcileCycle cycle = new ReconcileCycle(conf -> new SyncCycle(Reconcilers.over(app, gate),
                    app.outboxRelay(conf)));
            ExecutorService jobs = Executors.newFixedThreadPool(2);
            try {
                Future<JobOutcome> incremental = jobs.submit(() -> cycle.run(app.config(), Mode.INCREMENTAL));
                assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
                Future<JobOutcome> full = jobs.submit(() -> cycle.run(app.config(), Mode.FULL));
                waitUntilQueued(cycle, full);

                gate.release.countDown();

                assertThat(incremental.get(30, TimeUnit.SECONDS).outcome()).isEqualTo("succeeded");
                JobOutcome fullOutcome = full.get(30, TimeUnit.SECONDS);
                assertThat(fullOutcome.outcome()).as(fullOutcome.detail()).isEqualTo("succeeded");
            } finally {
                gate.release.countDown();
                jobs.shutdownNow();
            }
        }
    }

    @Test
    void anIncrementalRunThatFiresDuringAFullRunIsSkippedSayingWhy() throws Exception {
        try (TestHome t = TestHome.start(home, null, null); GroupbridgeApp app = t.openApp()) {
            Gate gate = new Gate(Reconcilers.source(app));
            ReconcileCycle cycle = new ReconcileCycle(conf -> new SyncCycle(Reconcilers.over(app, gate),
                    app.outboxRelay(conf)));
            ExecutorService jobs = Executors.newSingleThreadExecutor();
            try {
                Future<JobOutcome> full = jobs.submit(() -> cycle.run(app.config(), Mode.FULL));
                assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();

                JobOutcome incremental = cycle.run(app.config(), Mode.INCREMENTAL);

                assertThat(incremental.outcome()).isEqualTo("skipped");
                assertThat(incremental.detail()).contains("full reconcile");
                gate.release.countDown();
                assertThat(full.get(30, TimeUnit.SECONDS).outcome()).isEqualTo("succeeded");
            } finally {
                gate.release.countDown();
                jobs.shutdownNow();
            }
        }
    }

    /** Until the full run waits for its turn (or, before the fix, has already come back skipped). */
    private static void waitUntilQueued(ReconcileCycle cycle, Future<JobOutcome> full) throws Exception {
        CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> {
            while (!cycle.hasWaitingRun() && !full.isDone()) {
                Thread.onSpinWait();
            }
        });
        queued.get(30, TimeUnit.SECONDS);
    }

    /** The app's own source, whose first read of people holds until released. */
    private static final class Gate implements SnapshotSource {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final SnapshotSource source;

        Gate(SnapshotSource source) {
            this.source = source;
        }

        @Override
        public Origin origin() {
            return source.origin();
        }

        @Override
        public void readPeople(Consumer<DirectoryPerson> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            if (first.getAndSet(false)) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            source.readPeople(consumer, warnings, window);
        }

        @Override
        public void readGroups(Consumer<GroupRead> consumer, ReconcileWarnings warnings, ReadWindow window)
                throws SyncException {
            source.readGroups(consumer, warnings, window);
        }
    }
}
