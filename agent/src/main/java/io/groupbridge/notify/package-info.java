/**
 * Telling people about join requests and decisions (spec R7): the adapter behind self-service's notification port.
 * The self-service actions hand a {@link io.groupbridge.selfservice.Notification} to a
 * {@link io.groupbridge.selfservice.NotificationSink} after their transaction commits; {@link
 * io.groupbridge.notify.Notifiers} builds the sink from the {@code notifications:} conf section. Every notification
 * becomes a log line at once; a configured command or webhook is fed from a bounded queue by one worker thread with
 * retries, so a slow or dead receiver never holds up an action.
 *
 * <p>Imports the port from {@code selfservice}; {@code selfservice} never imports this package (ArchitectureTest).
 */
package io.groupbridge.notify;
