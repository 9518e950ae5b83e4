package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * issue 10, finding 4: a conf that holds secrets inline and that other users can read is loaded, with a WARN that
 * names the file and the keys (never the values) and says what to do.
 */
class InlineSecretsWarningTest {

    private static final String CONF = "store:\n  url: jdbc:postgresql://db/gb\n  password: inline-db-secret\n"
            + "notifications:\n  webhook:\n    url: https://hooks.example/gb\n    header: X-Groupbridge-Token\n"
            + "    token: ${env:TOKEN}\n";

    @TempDir
    Path home;

    private final Logger logger = (Logger) LoggerFactory.getLogger(ConfigLoader.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private Path conf(String text, String permissions) throws Exception {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private List<String> warnings(Path file) throws Exception {
        new ConfigLoader(Map.of("TOKEN", "env-token")).load(file);
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aReadableConfWithAnInlineSecretIsLoadedWithAWarning() throws Exception {
        Path file = conf(CONF, "rw-r--r--");

        assertThat(warnings(file)).singleElement().asString()
                .contains(file.toString(), "store.password", "rw-r--r--", "chmod 600", "file:", "${env:NAME}")
                .doesNotContain("notifications.webhook.token").doesNotContain("inline-db-secret");
    }

    @Test
    void aConfOnlyItsOwnerCanReadIsLoadedWithoutAWarning() throws Exception {
        assertThat(warnings(conf(CONF, "rw-------"))).isEmpty();
    }

    @Test
    void aReadableConfWithSecretsOnlyByReferenceIsLoadedWithoutAWarning() throws Exception {
        assertThat(warnings(conf(CONF.replace("inline-db-secret", "${env:TOKEN}"), "rw-r--r--"))).isEmpty();
    }

    @Test
    void theShippedDemoConfIsReadableWithoutAWarningSinceItsPasswordsArePublished() throws Exception {
        assertThat(warnings(conf(Files.readString(Path.of("..", "conf", "groupbridge.yaml")), "rw-r--r--"))).isEmpty();
    }
}
