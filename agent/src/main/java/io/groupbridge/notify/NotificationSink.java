package io.groupbridge.notify;

/**
 * Where notifications go (spec R7). {@link #send} never blocks the action that caused it and never throws: delivery
 * problems are retried and logged by the sink, because a request or decision is already committed when it is sent.
 */
public interface NotificationSink extends AutoCloseable {

    void send(Notification notification);

    /** Waits a bounded time for deliveries in flight, then stops. */
    @Override
    void close();
}
