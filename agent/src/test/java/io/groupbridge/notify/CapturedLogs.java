package io.groupbridge.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged under {@code io.groupbridge} at DEBUG and above while open, laid out as the shipped
 * logback pattern does, and keeps it off the console. The test logback config lets only WARN through, so the level is
 * lowered here and restored on close.
 */
final class CapturedLogs implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.groupbridge");
    private final Level previousLevel = logger.getLevel();
    private final boolean previousAdditive = logger.isAdditive();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final PatternLayout layout = new PatternLayout();

    CapturedLogs() {
        LoggerContext context = logger.getLoggerContext();
        layout.setContext(context);
        layout.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        layout.start();
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    List<ILoggingEvent> events() {
        // AppenderBase appends while holding the appender's monitor.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** @return the log as a file appender would write it, throwables included */
    String text() {
        return events().stream().map(e -> layout.doLayout(e) + throwables(e.getThrowableProxy()))
                .collect(Collectors.joining());
    }

    List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static String throwables(IThrowableProxy t) {
        return t == null ? "" : t.getClassName() + ": " + t.getMessage() + "\n" + throwables(t.getCause());
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
