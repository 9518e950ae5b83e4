package io.groupbridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Lets through to the console only events at or above the level the command line chose: WARN for one-shot
 * commands, so their output is not buried in INFO lines; INFO for the daemon and under {@code -v}. The file log
 * keeps INFO either way. The level lives in the logger context, under {@value #PROPERTY}, so a rescan of
 * {@code logback.xml} keeps it.
 */
public final class ConsoleLevelFilter extends Filter<ILoggingEvent> {

    /** The logger context property holding the console's level. */
    public static final String PROPERTY = "groupbridge.console.level";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        Level threshold = Level.toLevel(getContext() == null ? null : getContext().getProperty(PROPERTY), Level.WARN);
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    /**
     * Sets the console's level for this process. Does nothing when logback is not the SLF4J binding (then this
     * filter is not in use either).
     *
     * @param info true for INFO and above, false for WARN and above
     */
    public static void consoleShowsInfo(boolean info) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.putProperty(PROPERTY, info ? Level.INFO.levelStr : Level.WARN.levelStr);
        }
    }
}
