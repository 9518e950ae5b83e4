package io.groupbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * Issue 15, finding 5: one-shot commands printed INFO and notification lines on stderr for every command. The console
 * now shows WARN and above unless the command line raises it; the shipped conf/logback.xml rescans itself, puts the
 * MDC keys (task, run, request) in the file log, and offers logback's JSON encoder.
 */
class ConsoleLoggingTest {

    private static final Path CONF = Path.of("..", "conf", "logback.xml");

    @TempDir
    Path home;

    private static LoggingEvent event(LoggerContext context, Level level) {
        Logger logger = context.getLogger("io.groupbridge.test");
        return new LoggingEvent(Logger.class.getName(), logger, level, "a line", null, null);
    }

    @Test
    void theConsoleShowsWarningsOnlyUntilTheCommandLineAsksForInfo() {
        LoggerContext context = new LoggerContext();
        ConsoleLevelFilter filter = new ConsoleLevelFilter();
        filter.setContext(context);
        filter.start();
        assertThat(filter.decide(event(context, Level.INFO))).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event(context, Level.WARN))).isEqualTo(FilterReply.NEUTRAL);

        context.putProperty(ConsoleLevelFilter.PROPERTY, "INFO");
        assertThat(filter.decide(event(context, Level.INFO))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(context, Level.DEBUG))).isEqualTo(FilterReply.DENY);
    }

    @Test
    void theShippedConfScansFiltersTheConsoleAndLogsTheMdcKeysToTheFile() throws Exception {
        String xml = Files.readString(CONF);
        assertThat(xml).contains("<configuration scan=\"true\"", "io.groupbridge.logging.ConsoleLevelFilter");

        LoggerContext context = configure(xml);
        Logger log = context.getLogger("io.groupbridge.daemon.Cycle");
        try (MDC.MDCCloseable task = MDC.putCloseable("task", "write-back")) {
            log.info("drained the outbox");
        }
        log.info("no keys here");
        context.stop();

        String file = Files.readString(home.resolve("data/logs/groupbridge.log"));
        assertThat(file).contains("INFO ").containsPattern("Cycle \\[task=write-back\\] - drained the outbox")
                .containsPattern("Cycle - no keys here");
    }

    @Test
    void theCommentedJsonEncoderWritesOneObjectPerLine() throws Exception {
        String xml = Files.readString(CONF);
        String json = xml.replaceFirst("(?s)<encoder>\\s*<pattern>%d\\{yyyy.*?</encoder>",
                "<encoder class=\"ch.qos.logback.classic.encoder.JsonEncoder\"/>");
        assertThat(json).isNotEqualTo(xml).contains("<encoder class=\"ch.qos.logback.classic.encoder.JsonEncoder\"/>");

        LoggerContext context = configure(json);
        try (MDC.MDCCloseable run = MDC.putCloseable("run", "run-1")) {
            context.getLogger("io.groupbridge.sync.Reconciler").info("reconciled");
        }
        context.stop();

        String line = Files.readAllLines(home.resolve("data/logs/groupbridge.log")).stream()
                .filter(l -> l.contains("reconciled")).findFirst().orElseThrow();
        assertThat(line).startsWith("{").contains("\"level\":\"INFO\"", "\"run\":\"run-1\"");
    }

    private LoggerContext configure(String xml) throws Exception {
        Path file = home.resolve("logback.xml");
        Files.writeString(file, xml);
        LoggerContext context = new LoggerContext();
        // The application's MDC, as the context logback starts on its own has.
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("GROUPBRIDGE_HOME", home.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(file.toFile());
        return context;
    }
}
