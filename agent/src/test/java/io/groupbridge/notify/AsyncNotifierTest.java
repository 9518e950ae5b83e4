package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.groupbridge.config.NotificationsConfig;
import io.groupbridge.config.Secret;
import io.groupbridge.selfservice.Notification;
import io.groupbridge.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery off the caller's thread: retries with backoff, the log line as the record, a bounded queue and close. */
class AsyncNotifierTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:30:00Z"), ZoneOffset.UTC);

    private final CapturedLogs logs = new CapturedLogs();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final Sleeper recordingSleeper = sleeps::add;
    private final CountDownLatch releaseServer = new CountDownLatch(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        releaseServer.countDown();
        for (AutoCloseable c : toClose) {
            c.close();
        }
        logs.close();
    }

    @Test
    void webhookAnswering500TwiceThen200GetsThreeAttempts() throws Exception {
        LoopbackWebhook server = server().answer(500, 500, 200);
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.empty())), 5, recordingSleeper);

        notifier.send(Notifications.requested(42));
        notifier.close();

        assertThat(server.received()).hasSize(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(logs.messages(Level.WARN)).isEmpty();
    }

    @Test
    void sendReturnsWhileTheWebhookHangs() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        AtomicBoolean answered = new AtomicBoolean();
        LoopbackWebhook server = server().behave(r -> {
            requestArrived.countDown();
            releaseServer.await(30, TimeUnit.SECONDS);
            answered.set(true);
        });
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.empty())), 5, recordingSleeper);

        notifier.send(Notifications.requested(42));
        notifier.send(Notifications.requested(43));

        // Had send() waited for the webhook, the server would have answered before send() returned.
        assertThat(answered).isFalse();
        assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).isFalse();
        releaseServer.countDown();
        notifier.close();
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void givesUpAfterMaxAttemptsAndLogsTheFinalFailure() throws Exception {
        LoopbackWebhook server = server().answer(503, 503, 503, 503);
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.empty())), 3, recordingSleeper);

        notifier.send(Notifications.requested(42));
        notifier.close();

        assertThat(server.received()).hasSize(3);
        assertThat(logs.messages(Level.WARN)).singleElement().asString().isEqualTo(
                "notification requested of request 42 could not be delivered to webhook http://127.0.0.1:"
                        + server.url().getPort() + " after 3 attempt(s): answered HTTP 503");
    }

    @Test
    void rejectedWebhookIsNotRetried() throws Exception {
        LoopbackWebhook server = server().answer(404);
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.empty())), 5, recordingSleeper);

        notifier.send(Notifications.requested(42));
        notifier.close();

        assertThat(server.received()).hasSize(1);
        assertThat(sleeps).isEmpty();
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("after 1 attempt(s): answered HTTP 404");
    }

    @Test
    void logLineIsWrittenAtOnceEvenWhenAWebhookIsConfigured() throws Exception {
        LoopbackWebhook server = server().behave(r -> releaseServer.await(30, TimeUnit.SECONDS));
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.empty())), 5, recordingSleeper);

        notifier.send(Notifications.requested(42));

        assertThat(logs.messages(Level.INFO)).singleElement().asString().startsWith("notification requested request=42");
    }

    @Test
    void tokenNeverAppearsInLogs() throws Exception {
        String token = "tok-9f8e7d6c5b4a";
        LoopbackWebhook server = server().answer(500, 401);
        AsyncNotifier notifier = notifier(List.of(webhook(server, Optional.of(token))), 5, recordingSleeper);

        notifier.send(Notifications.requested(42, "token?"));
        notifier.close();

        assertThat(server.received()).extracting(r -> r.headers().getFirst("X-Groupbridge-Token"))
                .containsExactly(token, token);
        assertThat(logs.messages(Level.DEBUG)).isNotEmpty();
        assertThat(logs.messages(Level.WARN)).isNotEmpty();
        assertThat(logs.text()).doesNotContain(token);
    }

    @Test
    void fullQueueKeepsTheLogLineAndWarnsNamingTheRequest() throws Exception {
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> delivered = new CopyOnWriteArrayList<>();
        NotificationTarget blocking = target(n -> {
            firstTaken.countDown();
            release.await(30, TimeUnit.SECONDS);
            delivered.add(n.requestId());
        });
        AsyncNotifier notifier = new AsyncNotifier(new LogSink(), List.of(blocking), 1, 5, BACKOFF,
                Duration.ofSeconds(10), CLOCK, recordingSleeper, new SplittableRandom(1));
        toClose.add(release::countDown);

        notifier.send(Notifications.requested(1));
        assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        notifier.send(Notifications.requested(2));
        notifier.send(Notifications.requested(3));

        assertThat(logs.messages(Level.INFO)).hasSize(3);
        assertThat(logs.messages(Level.WARN)).singleElement().asString()
                .isEqualTo("notification requested of request 3 not delivered to test target:"
                        + " 1 notifications are already waiting");
        release.countDown();
        notifier.close();
        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void failingTargetDoesNotKeepTheOthersFromDelivering() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        NotificationTarget broken = target(n -> {
            throw new IllegalStateException("bug");
        });
        NotificationTarget working = target(n -> delivered.add(n.requestId()));
        AsyncNotifier notifier = notifier(List.of(broken, working), 5, recordingSleeper);

        notifier.send(Notifications.requested(1));
        notifier.send(Notifications.requested(2));
        notifier.close();

        assertThat(delivered).containsExactly(1L, 2L);
        assertThat(logs.messages(Level.WARN)).hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("after 1 attempt(s): java.lang.IllegalStateException: bug"));
    }

    @Test
    void closeDeliversWhatIsQueued() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        AsyncNotifier notifier = notifier(List.of(target(n -> delivered.add(n.requestId()))), 5, recordingSleeper);

        for (long id = 1; id <= 20; id++) {
            notifier.send(Notifications.requested(id));
        }
        notifier.close();

        assertThat(delivered).hasSize(20);
    }

    @Test
    void sendAfterCloseStillLogsAndWarns() {
        List<Long> delivered = new CopyOnWriteArrayList<>();
        AsyncNotifier notifier = notifier(List.of(target(n -> delivered.add(n.requestId()))), 5, recordingSleeper);

        notifier.close();
        notifier.send(Notifications.requested(42));

        assertThat(delivered).isEmpty();
        assertThat(logs.messages(Level.INFO)).hasSize(1);
        assertThat(logs.messages(Level.WARN)).singleElement().asString()
                .isEqualTo("notification requested of request 42 not delivered to test target: the notifier is closed");
    }

    @Test
    void closeAbandonsARetryWhoseWaitWouldOutlastTheDrainWait() throws Exception {
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NotificationTarget failing = target(n -> {
            firstTaken.countDown();
            release.await(30, TimeUnit.SECONDS);
            throw new DeliveryException("answered HTTP 503", true);
        });
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:30:00Z"));
        AsyncNotifier notifier = new AsyncNotifier(new LogSink(), List.of(failing), 10, 5, BACKOFF,
                Duration.ofSeconds(10), clock, recordingSleeper, new SplittableRandom(1));
        toClose.add(release::countDown);

        notifier.send(Notifications.requested(42));
        assertThat(firstTaken.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(notifier::close);
        closer.start();
        awaitWaiting(closer);
        clock.advance(Duration.ofMinutes(1));
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(closer.isAlive()).isFalse();
        assertThat(sleeps).isEmpty();
        assertThat(logs.messages(Level.WARN)).singleElement().asString().isEqualTo(
                "notification requested of request 42 could not be delivered to test target after 1 attempt(s):"
                        + " answered HTTP 503 (no time left to retry before shutdown)");
    }

    @Test
    void closeStopsWaitingAfterTheDrainWaitAndListsTheRequestsLeft() {
        CountDownLatch firstTaken = new CountDownLatch(1);
        NotificationTarget hanging = target(n -> {
            firstTaken.countDown();
            new CountDownLatch(1).await();
        });
        AsyncNotifier notifier = new AsyncNotifier(new LogSink(), List.of(hanging), 10, 5, BACKOFF,
                Duration.ofMillis(200), CLOCK, recordingSleeper, new SplittableRandom(1));

        notifier.send(Notifications.requested(1));
        notifier.send(Notifications.requested(2));
        notifier.send(Notifications.requested(3));
        notifier.close();

        assertThat(logs.messages(Level.WARN)).containsExactlyInAnyOrder(
                "notification requested of request 1 may not have reached test target: delivery interrupted by shutdown",
                "2 notifications not delivered to test target before shutdown, requests [2, 3]");
    }

    /** close() sets its deadline before it starts waiting for the worker. */
    private static void awaitWaiting(Thread closer) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(closer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }

    private LoopbackWebhook server() throws Exception {
        LoopbackWebhook server = new LoopbackWebhook();
        toClose.add(server);
        return server;
    }

    private AsyncNotifier notifier(List<NotificationTarget> targets, int maxAttempts, Sleeper sleeper) {
        AsyncNotifier notifier = new AsyncNotifier(new LogSink(), targets, 100, maxAttempts, BACKOFF,
                Duration.ofSeconds(10), CLOCK, sleeper, new SplittableRandom(1));
        toClose.add(notifier);
        return notifier;
    }

    private static WebhookSink webhook(LoopbackWebhook server, Optional<String> token) {
        return new WebhookSink(new NotificationsConfig.Webhook(server.url(), token.map(t -> "X-Groupbridge-Token"),
                token.map(Secret::of)), Duration.ofSeconds(5));
    }

    @FunctionalInterface
    private interface Delivery {
        void deliver(Notification n) throws DeliveryException, InterruptedException;
    }

    private static NotificationTarget target(Delivery delivery) {
        return new NotificationTarget() {
            @Override
            public void deliver(Notification n) throws DeliveryException, InterruptedException {
                delivery.deliver(n);
            }

            @Override
            public String describe() {
                return "test target";
            }
        };
    }
}
