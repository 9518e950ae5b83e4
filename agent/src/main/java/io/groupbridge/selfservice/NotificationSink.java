package io.groupbridge.selfservice;

/**
 * Where notifications go (spec R7): the port the self-service actions tell people through, implemented in {@code
 * notify} and handed in by the composition root. {@link #send} never blocks the action that caused it and never throws: delivery
 * problems are retried and logged by the sink, because a request or decision is already committed when it is sent.
 */
public interface NotificationSink extends AutoCloseable {

    void send(Notification notification);

    /** Waits a bounded time for deliveries in flight, then stops. */
    @Override
    void close();
}
