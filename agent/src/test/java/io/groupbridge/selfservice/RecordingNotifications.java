package io.groupbridge.selfservice;

import java.util.ArrayList;
import java.util.List;

/** The {@link NotificationSink} port as a list, so a use-case test sees whom an action told (spec R7). */
final class RecordingNotifications implements NotificationSink {

    private final List<Notification> sent = new ArrayList<>();

    @Override
    public synchronized void send(Notification notification) {
        sent.add(notification);
    }

    synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
    }
}
