package io.groupbridge.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %cause}: a logged exception as one line of its messages, outermost first, for the terminal. An operator at
 * a command or a foreground daemon reads what failed and why; the stack trace is for the file log, which keeps it.
 */
public final class CauseConverter extends ThrowableHandlingConverter {

    // Deep enough for a JDBC or LDAP chain, short enough to stay one line.
    private static final int MAX_CAUSES = 4;

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        if (t == null) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        String previous = null;
        for (int depth = 0; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            String message = t.getMessage() == null ? simpleName(t.getClassName()) : t.getMessage();
            if (!message.equals(previous)) {
                line.append(depth == 0 ? ": " : " <- ").append(message.replaceAll("\\s*\\R\\s*", " "));
            }
            previous = message;
        }
        return line.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
