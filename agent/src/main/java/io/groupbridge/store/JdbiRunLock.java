package io.groupbridge.store;

import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.RunLock;
import io.groupbridge.sync.SyncException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases as rows of {@code run_lease}. Every statement runs in its own short autocommit transaction, apart from any
 * run's long transaction, so other processes see a lease as soon as it is taken. Expiry is judged by the taker's
 * clock: hosts sharing a store need clocks closer together than the lease period.
 */
public final class JdbiRunLock implements RunLock {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiRunLock.class);
    // Inserts refused by a holder that was gone when looked for; more than a few in a row is no longer a race.
    private static final int INSERT_ATTEMPTS = 3;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration period;
    private final String identity;

    /**
     * @param period how long a lease counts without renewal; held leases are renewed every third of it
     * @param identity names this process in the lease, e.g. {@code host (pid 4711)}
     */
    JdbiRunLock(Jdbi jdbi, Clock clock, Duration period, String identity) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.period = period;
        this.identity = identity;
    }

    @Override
    public Lease acquire(String name, String purpose) throws LockHeldException {
        String token = UUID.randomUUID().toString();
        String holder = identity + ", " + purpose;
        Instant now = clock.instant();
        try (Handle h = jdbi.open()) {
            Optional<Holder> stale = find(h, name)
                    .filter(old -> !old.expiresAt().isAfter(now) || heldByDeadLocalProcess(old));
            if (stale.isPresent()) {
                // By holder, so a lease someone else took meanwhile is left alone.
                int removed = h.createUpdate("DELETE FROM run_lease WHERE name = :name AND holder = :holder")
                        .bind("name", name).bind("holder", stale.get().holder()).execute();
                if (removed > 0) {
                    LOG.warn("took over the {} lease of {} (acquired {}, {})", name, stale.get().holder(),
                            stale.get().acquiredAt(), stale.get().expiresAt().isAfter(now)
                                    ? "its process on this host has ended" : "expired " + stale.get().expiresAt());
                }
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    h.createUpdate("INSERT INTO run_lease (name, token, holder, acquired_at, expires_at)"
                                    + " VALUES (:name, :token, :holder, :now, :expires)")
                            .bind("name", name).bind("token", token).bind("holder", truncate(holder))
                            .bind("now", now).bind("expires", now.plus(period))
                            .execute();
                    return new JdbiLease(name, token);
                } catch (RuntimeException e) {
                    // The primary key refused the row: someone else holds it. Anything else is a store failure.
                    Optional<Holder> current = find(h, name);
                    if (current.isPresent()) {
                        throw new LockHeldException(name, current.get());
                    }
                    // The holder released it between the insert and the look (a short daemon run ends often), so
                    // the lease is free: try again rather than report the refused insert as a store failure.
                    if (attempt == INSERT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * A lease taken on this host by a process that no longer runs (killed, or halted with a job still running) need
     * not wait for its expiry: nobody can renew it. A pid reused since by another process only makes us wait.
     */
    private boolean heldByDeadLocalProcess(Holder holder) {
        int pidStart = identity.indexOf(" (pid ");
        if (pidStart < 0) {
            return false;
        }
        String prefix = identity.substring(0, pidStart + " (pid ".length());
        String text = holder.holder();
        if (!text.startsWith(prefix)) {
            return false;
        }
        int end = text.indexOf(')', prefix.length());
        if (end < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(text.substring(prefix.length(), end));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public Optional<Holder> holder(String name) {
        return jdbi.withHandle(h -> find(h, name));
    }

    private static Optional<Holder> find(Handle h, String name) {
        return h.createQuery("SELECT holder, acquired_at, expires_at FROM run_lease WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Holder(name, rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .findOne();
    }

    private static String truncate(String s) {
        return s.length() <= 512 ? s : s.substring(0, 512);
    }

    private final class JdbiLease implements Lease {
        private final String name;
        private final String token;
        private final ScheduledExecutorService renewer;
        // Guarded by this.
        private boolean lost;
        private boolean closed;

        JdbiLease(String name, String token) {
            this.name = name;
            this.token = token;
            this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "groupbridge-lease-" + name);
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, period.toMillis() / 3);
            renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        }

        private void renewQuietly() {
            try {
                renew();
            } catch (RuntimeException e) {
                // A store hiccup: the lease still counts until it expires, and the next renewal may succeed.
                LOG.warn("cannot renew the {} lease: {}", name, GroupStore.rootMessage(e));
            }
        }

        private synchronized boolean renew() {
            if (lost || closed) {
                return !lost;
            }
            // The token alone decides: a late renewal still succeeds as long as nobody took the expired lease over.
            Instant expires = clock.instant().plus(period);
            int updated = jdbi.withHandle(h -> h.createUpdate("UPDATE run_lease SET expires_at = :expires"
                            + " WHERE name = :name AND token = :token")
                    .bind("expires", expires).bind("name", name).bind("token", token)
                    .execute());
            if (updated == 0) {
                lost = true;
                LOG.error("lost the {} lease: it expired before it could be renewed and was taken over", name);
            }
            return !lost;
        }

        @Override
        public void verify() throws SyncException {
            boolean held;
            try {
                held = renew();
            } catch (RuntimeException e) {
                throw new SyncException("lock", "cannot renew the " + name + " lease: " + GroupStore.rootMessage(e), e);
            }
            if (!held) {
                throw new SyncException("lock", "the " + name + " lease expired while the run was working and was"
                        + " taken over by another process; nothing was committed", null);
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            renewer.shutdownNow();
            try {
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM run_lease WHERE name = :name AND token = :token")
                        .bind("name", name).bind("token", token).execute());
            } catch (RuntimeException e) {
                LOG.warn("cannot release the {} lease; it expires by itself: {}", name, GroupStore.rootMessage(e));
            }
        }
    }
}
