package io.groupbridge.notify;

import io.groupbridge.selfservice.Notification;

/**
 * A receiver outside the agent (a command, a webhook). Unlike a {@link io.groupbridge.selfservice.NotificationSink}
 * it reports failure, so that {@link AsyncNotifier} can retry; it is called from one thread at a time.
 */
interface NotificationTarget {

    /** @throws InterruptedException if the agent is shutting down; the attempt has been abandoned */
    void deliver(Notification notification) throws DeliveryException, InterruptedException;

    /** @return how the target appears in log lines, without secrets */
    String describe();
}
