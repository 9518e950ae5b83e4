/**
 * Telling people about join requests and decisions (spec R7). The self-service actions hand a {@link
 * io.groupbridge.notify.Notification} to a {@link io.groupbridge.notify.NotificationSink} after their transaction
 * commits; {@link io.groupbridge.notify.Notifiers} builds the sink from the {@code notifications:} conf section. Every
 * notification becomes a log line at once; a configured command or webhook is fed from a bounded queue by one worker
 * thread with retries, so a slow or dead receiver never holds up an action.
 */
package io.groupbridge.notify;
