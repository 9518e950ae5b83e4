/**
 * Logback pieces the shipped {@code logback.xml} names: one-line causes ({@code %cause}), the console's WARN-only
 * filter for one-shot commands, and a status listener that keeps Logback's own start-up chatter to one line. No
 * groupbridge logic lives here; it imports only Logback.
 */
package io.groupbridge.logging;
