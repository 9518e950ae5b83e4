package io.groupbridge.notify;

import io.groupbridge.selfservice.Notification;
import io.groupbridge.selfservice.NotificationSink;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each notification as one INFO line of logger {@code io.groupbridge.notify.LogSink}: the default sink, and
 * the record kept of every notification even when a command or webhook also gets it.
 *
 * <p>Group names, justifications and reasons are typed by users. Every value is quoted with control characters,
 * line and paragraph separators, quotes and backslashes escaped, so no input can end the line early, start a forged
 * line or fake another field. Thread-safe; {@link #send} does not throw for any notification.
 */
public final class LogSink implements NotificationSink {

    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

    @Override
    public void send(Notification n) {
        LOG.info("notification {} request={} group={} groupDn={} requester={} actor={} reason={} justification={}"
                        + " recipients={}",
                n.event().name().toLowerCase(Locale.ROOT), n.requestId(), quote(n.groupName()), quote(n.groupDn()),
                quote(n.requesterDn()), quote(n.actorDn()), quote(n.reason()), quote(n.justification()),
                n.recipients().stream().map(LogSink::quote).toList());
    }

    @Override
    public void close() {
    }

    private static String quote(Optional<String> text) {
        return text.map(LogSink::quote).orElse("-");
    }

    /** @return the text in double quotes, safe to put on one log line */
    static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
