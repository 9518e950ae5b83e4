package io.groupbridge.notify;

import io.groupbridge.config.NotificationsConfig;
import io.groupbridge.selfservice.NotificationSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the notification sink the composition root hands to the self-service actions. */
public final class Notifiers {

    /* Far more than a burst of requests produces; beyond it the receivers are down and the log line must do. */
    private static final int QUEUE_CAPACITY = 1000;
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    private Notifiers() {
    }

    /**
     * A {@link LogSink} when neither command nor webhook is configured; otherwise an asynchronous notifier that logs
     * every notification and delivers it to each configured target with retries. On shutdown, {@link
     * NotificationSink#close()} waits up to the configured timeout for deliveries in flight: long enough for one
     * attempt to finish, short enough not to hold up a CLI command.
     *
     * @param config must not be {@code null}
     * @param clock  times the wait for deliveries in flight on shutdown; the composition root's clock
     * @return a sink the caller must close; safe to use from any thread
     */
    public static NotificationSink fromConfig(NotificationsConfig config, Clock clock) {
        List<NotificationTarget> targets = new ArrayList<>();
        if (!config.command().isEmpty()) {
            targets.add(new CommandSink(config.command(), config.timeout()));
        }
        config.webhook().ifPresent(w -> targets.add(new WebhookSink(w, config.timeout())));
        if (targets.isEmpty()) {
            return new LogSink();
        }
        return new AsyncNotifier(new LogSink(), targets, QUEUE_CAPACITY, config.maxAttempts(), BACKOFF,
                config.timeout(), clock, Sleeper.THREAD, new SplittableRandom());
    }
}
