package io.groupbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.RunLock;
import io.groupbridge.sync.SyncException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases in the store (spec Y6): one holder at a time across store handles, and expiry of a crashed holder. */
class JdbiRunLockTest {

    @TempDir
    Path data;

    private GroupStore open() throws StoreException {
        return GroupStore.open("jdbc:hsqldb:file:" + data.resolve("store") + ";hsqldb.tx=mvcc", "SA", "", 4,
                Clock.systemUTC());
    }

    @Test
    void twoStoreHandlesRacingForTheLeaseNeverBothHoldIt() throws Exception { // spec Y6
        try (GroupStore a = open(); GroupStore b = open()) {
            List<RunLock> locks = List.of(a.runLock(Duration.ofMinutes(1), "a"), b.runLock(Duration.ofMinutes(1), "b"));
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger acquired = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (RunLock lock : locks) {
                    done.add(threads.submit(() -> {
                        for (int round = 0; round < 50; round++) {
                            start.await(30, TimeUnit.SECONDS);
                            try (RunLock.Lease lease = lock.acquire("reconcile", "test")) {
                                acquired.incrementAndGet();
                                if (holding.incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                }
                                Thread.sleep(2);
                                holding.decrementAndGet();
                            } catch (LockHeldException e) {
                                assertThat(e.explanation()).startsWith("another reconcile holds the lock since");
                            }
                            start.await(30, TimeUnit.SECONDS);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(overlaps).hasValue(0);
            assertThat(acquired.get()).isBetween(50, 100);
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderLearnsItLostIt() throws Exception { // spec Y6
        try (GroupStore store = open()) {
            RunLock crashed = store.runLock(Duration.ofMinutes(1), "crashed");
            try (RunLock.Lease stale = crashed.acquire("reconcile", "full reconcile")) {
                stale.verify();
                // As if its renewals had stalled for longer than the lease period.
                store.jdbi().useHandle(h -> h.execute("UPDATE run_lease SET expires_at = ?",
                        Instant.now().minusSeconds(1)));

                RunLock next = store.runLock(Duration.ofMinutes(1), "next");
                try (RunLock.Lease lease = next.acquire("reconcile", "full reconcile")) {
                    assertThat(next.holder("reconcile")).hasValueSatisfying(h ->
                            assertThat(h.holder()).isEqualTo("next, full reconcile"));
                    assertThatThrownBy(stale::verify).isInstanceOf(SyncException.class)
                            .hasMessageContaining("taken over by another process");
                    stale.close();
                    assertThat(next.holder("reconcile")).isPresent();
                }
                assertThat(next.holder("reconcile")).isEmpty();
            }
        }
    }

    @Test
    void aLiveLeaseIsRenewedInTheBackgroundAndReleasedOnClose() throws Exception { // spec Y6
        try (GroupStore store = open()) {
            RunLock lock = store.runLock(Duration.ofMillis(300), "holder");
            try (RunLock.Lease lease = lock.acquire("reconcile", "full reconcile")) {
                Instant first = lock.holder("reconcile").orElseThrow().expiresAt();
                Thread.sleep(400);
                assertThat(lock.holder("reconcile").orElseThrow().expiresAt()).isAfter(first);
                assertThatThrownBy(() -> lock.acquire("reconcile", "second")).isInstanceOf(LockHeldException.class);
                lease.verify();
            }
            assertThat(lock.holder("reconcile")).isEmpty();
        }
    }

    /**
     * Issue 15, finding 8: a daemon whose one-second incremental run released the lease between another process's
     * refused insert and its look at the holder made that process fail with the raw unique-constraint error (exit 1,
     * a fault to monitoring) instead of taking the lease that was free by then.
     */
    @Test
    void aLeaseReleasedBetweenTheRefusedInsertAndTheLookIsTakenNotReportedAsAStoreFailure() throws Exception { // Y6
        try (GroupStore store = open()) {
            RunLock.Lease daemons = store.runLock(Duration.ofMinutes(1), "daemon").acquire("reconcile", "incremental");
            Jdbi racing = Jdbi.create(store.jdbi().withHandle(h -> h.getConnection().getMetaData().getURL()), "SA", "");
            racing.setSqlLogger(new SqlLogger() {
                @Override
                public void logException(StatementContext context, SQLException ex) {
                    daemons.close();
                }
            });

            try (RunLock.Lease lease = new JdbiRunLock(racing, Clock.systemUTC(), Duration.ofMinutes(1), "cli")
                    .acquire("reconcile", "full reconcile")) {
                assertThat(holderOf(store)).isEqualTo("cli, full reconcile");
            }
        }
    }

    private static String holderOf(GroupStore store) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT holder FROM run_lease WHERE name = 'reconcile'")
                .mapTo(String.class).one());
    }
}
