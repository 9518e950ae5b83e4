package io.groupbridge.notify;

import io.groupbridge.selfservice.Notification;
import io.groupbridge.selfservice.NotificationSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every notification at once through a {@link LogSink}, then hands it to the command and webhook targets from
 * one worker thread, so a slow or dead receiver never holds up the action that sent it.
 *
 * <p>Each target gets each notification independently, up to {@code maxAttempts} tries with {@link Backoff} between
 * them; a failure that a retry cannot change (an HTTP 401, say) is not retried. A final failure is logged as a WARN
 * line naming the request, the event, the target and the last error.
 *
 * <p>When the queue is full, the new notification is not queued and a WARN line names its request; the log line
 * written before that is its record. Dropping the newest rather than the oldest keeps deliveries in the order things
 * happened, and a full queue means the receivers are down anyway, so the oldest entries are no likelier to arrive.
 *
 * <p>{@link #close()} stops taking notifications, lets the worker finish the queue for at most {@code drainWait},
 * abandons retries whose wait would end after that, then interrupts the worker and lists the requests left
 * undelivered. {@link #send} is thread-safe and never blocks or throws for a full queue or a closed notifier.
 */
final class AsyncNotifier implements NotificationSink {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncNotifier.class);
    /* How often the idle worker checks whether close() was called. */
    private static final long POLL_MILLIS = 100;

    private final LogSink log;
    private final List<NotificationTarget> targets;
    private final BlockingQueue<Notification> queue;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration drainWait;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Thread worker;
    // Set once by close(); until then the worker retries without a deadline.
    private volatile Instant drainDeadline;

    /**
     * Starts the worker thread.
     *
     * @param targets must not be empty; {@link LogSink} alone needs no worker
     * @param capacity notifications waiting at most, beyond the one being delivered
     * @param random used only by the worker thread
     */
    AsyncNotifier(LogSink log, List<NotificationTarget> targets, int capacity, int maxAttempts, Backoff backoff,
            Duration drainWait, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.log = Objects.requireNonNull(log, "log");
        this.targets = List.copyOf(targets);
        if (this.targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.drainWait = Objects.requireNonNull(drainWait, "drainWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.worker = new Thread(this::work, "groupbridge-notify");
        // A caller that forgets close() must not keep the JVM alive; close() is what waits for deliveries.
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        log.send(notification);
        boolean closed;
        boolean queued;
        // Checked and offered together, so nothing can enter the queue after close() has emptied it.
        synchronized (queue) {
            closed = drainDeadline != null;
            queued = !closed && queue.offer(notification);
        }
        if (closed) {
            LOG.warn("notification {} of request {} not delivered to {}: the notifier is closed", name(notification),
                    notification.requestId(), describeTargets());
        } else if (!queued) {
            LOG.warn("notification {} of request {} not delivered to {}: {} notifications are already waiting",
                    name(notification), notification.requestId(), describeTargets(), queue.size());
        }
    }

    @Override
    public synchronized void close() {
        synchronized (queue) {
            if (drainDeadline != null) {
                return;
            }
            drainDeadline = clock.instant().plus(drainWait);
        }
        try {
            worker.join(Math.max(1, drainWait.toMillis()));
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(Math.max(1, drainWait.toMillis()));
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
        List<Notification> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warn("{} notifications not delivered to {} before shutdown, requests {}", left.size(),
                    describeTargets(), left.stream().map(Notification::requestId).toList());
        }
    }

    private void work() {
        Notification current = null;
        try {
            while (drainDeadline == null || !queue.isEmpty()) {
                current = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (current != null) {
                    for (NotificationTarget target : targets) {
                        deliver(current, target);
                    }
                    current = null;
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting and reports what is left in the queue; only the one in flight is ours to report.
            if (current != null) {
                LOG.warn("notification {} of request {} may not have reached {}: delivery interrupted by shutdown",
                        name(current), current.requestId(), describeTargets());
            }
        }
    }

    private void deliver(Notification n, NotificationTarget target) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String error;
            boolean retryable;
            try {
                target.deliver(n);
                LOG.debug("notification {} of request {} delivered to {} (attempt {})", name(n), n.requestId(),
                        target.describe(), attempt);
                return;
            } catch (DeliveryException e) {
                error = e.getMessage();
                retryable = e.retryable();
            } catch (RuntimeException e) {
                // A bug in one target must not stop the worker and with it every later delivery.
                error = e.toString();
                retryable = false;
            }
            if (!retryable || attempt >= maxAttempts) {
                giveUp(n, target, attempt, error);
                return;
            }
            Duration delay = backoff.delayAfter(attempt, random);
            Instant deadline = drainDeadline;
            if (deadline != null && clock.instant().plus(delay).isAfter(deadline)) {
                giveUp(n, target, attempt, error + " (no time left to retry before shutdown)");
                return;
            }
            LOG.debug("notification {} of request {} to {} failed (attempt {} of {}), retrying in {} ms: {}", name(n),
                    n.requestId(), target.describe(), attempt, maxAttempts, delay.toMillis(), error);
            sleeper.sleep(delay);
        }
    }

    private static void giveUp(Notification n, NotificationTarget target, int attempts, String error) {
        LOG.warn("notification {} of request {} could not be delivered to {} after {} attempt(s): {}", name(n),
                n.requestId(), target.describe(), attempts, error);
    }

    private String describeTargets() {
        return String.join(" and ", targets.stream().map(NotificationTarget::describe).toList());
    }

    private static String name(Notification n) {
        return n.event().name().toLowerCase(Locale.ROOT);
    }
}
