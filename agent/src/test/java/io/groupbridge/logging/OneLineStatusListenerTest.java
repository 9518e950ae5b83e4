package io.groupbridge.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 11: with {@code data/logs} not writable, logback printed its whole status dump, stack traces
 * included, on the terminal of every command.
 */
class OneLineStatusListenerTest {

    @TempDir
    Path home;

    /** Also finding 11: a logged exception (the store server gone mid-command) printed its stack trace. */
    @Test
    void anUnwritableLogFolderIsOneLineNamingTheFileWithoutAStackTrace() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/logs"), "a file where the log folder should be");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("GROUPBRIDGE_HOME", home.toString());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of("..", "conf", "logback.xml").toFile());
            context.getLogger("io.groupbridge.test").warn("something worth saying",
                    new IllegalStateException("the store went away", new IOException("connection reset")));
        } finally {
            System.setErr(original);
            context.stop();
        }

        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.startsWith("logging: ")))
                .singleElement().asString()
                .isEqualTo("logging: cannot open the log file " + home.resolve("data/logs/groupbridge.log")
                        + " (Not a directory) (the command goes on; see conf/logback.xml)");
        assertThat(printed).doesNotContain("\tat ", "|-INFO", "|-ERROR");
        assertThat(printed).contains("WARN  io.groupbridge.test - something worth saying: the store went away"
                + " <- connection reset");
    }
}
