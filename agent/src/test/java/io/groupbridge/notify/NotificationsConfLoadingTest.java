package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.groupbridge.config.ConfigException;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.config.NotificationsConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notifications:} conf section: defaults, every key, and errors that point at line and key. */
class NotificationsConfLoadingTest {

    @TempDir
    Path home;

    private final ConfigLoader loader = new ConfigLoader(Map.of("WEBHOOK_TOKEN", "tok-from-env"));

    @Test
    void absentSectionMeansLogOnly() throws Exception {
        assertThat(load("").notifications()).isEqualTo(NotificationsConfig.defaults());
        assertThat(NotificationsConfig.defaults().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(NotificationsConfig.defaults().maxAttempts()).isEqualTo(5);
    }

    @Test
    void shippedConfLogsOnly() throws Exception {
        GroupbridgeConfig config = new ConfigLoader(Map.of()).load(Path.of("../conf/groupbridge.yaml"));

        assertThat(config.notifications()).isEqualTo(NotificationsConfig.defaults());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        NotificationsConfig n = load("""
                notifications:
                  command: [/usr/local/bin/notify-owners, --json]
                  webhook:
                    url: https://hooks.corp.example/groupbridge
                    header: X-Groupbridge-Token
                    token: ${env:WEBHOOK_TOKEN}
                  timeout: 3s
                  maxAttempts: 2
                """).notifications();

        assertThat(n.command()).containsExactly("/usr/local/bin/notify-owners", "--json");
        assertThat(n.webhook()).hasValueSatisfying(w -> {
            assertThat(w.url()).isEqualTo(URI.create("https://hooks.corp.example/groupbridge"));
            assertThat(w.header()).contains("X-Groupbridge-Token");
            assertThat(w.token().orElseThrow().reveal()).isEqualTo("tok-from-env");
            assertThat(w.toString()).doesNotContain("tok-from-env");
        });
        assertThat(n.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(n.maxAttempts()).isEqualTo(2);
    }

    @Test
    void webhookWithoutTokenNeedsNoHeader() throws Exception {
        NotificationsConfig n = load("""
                notifications:
                  webhook:
                    url: http://127.0.0.1:8080/hooks/groupbridge
                """).notifications();

        assertThat(n.command()).isEmpty();
        assertThat(n.webhook().orElseThrow().token()).isEmpty();
    }

    @Test
    void urlThatIsNotHttpIsReportedWithItsLine() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: ftp://hooks.corp.example/groupbridge
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("notifications.webhook.url");
        assertThat(e.problem()).isEqualTo("scheme ftp is not http or https");
    }

    @Test
    void malformedUrlIsReportedWithoutRepeatingIt() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  timeout: 5s
                  webhook:
                    url: https://hooks corp/se cret
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("notifications.webhook.url");
        assertThat(e.getMessage()).startsWith(e.file() + ":4: notifications.webhook.url: not a URL")
                .doesNotContain("se cret");
    }

    @Test
    void urlWithUserInfoIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: https://bot:hunter2@hooks.corp.example/groupbridge
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("user info").doesNotContain("hunter2");
    }

    @Test
    void unknownKeyIsReportedWithItsLineAndASuggestion() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  timeout: 5s
                  maxAttemps: 3
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("notifications.maxAttemps");
        assertThat(e.problem()).isEqualTo("unknown key (did you mean maxAttempts?)");
    }

    @Test
    void unknownWebhookKeyIsReportedWithItsLine() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: http://127.0.0.1:8080/hooks
                    secret: abc
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("notifications.webhook.secret");
    }

    @Test
    void tokenWithoutHeaderIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: http://127.0.0.1:8080/hooks
                    token: abc
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("notifications.webhook.header");
        assertThat(e.problem()).isEqualTo("is required but not set");
    }

    @Test
    void headerTheAgentSetsItselfIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: http://127.0.0.1:8080/hooks
                    header: Content-Length
                    token: abc
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.key()).isEqualTo("notifications.webhook.header");
    }

    @Test
    void headerAndTokenWithoutUrlAreRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    header: X-Groupbridge-Token
                    token: abc
                """);

        assertThat(e.key()).isEqualTo("notifications.webhook.url");
    }

    @Test
    void emptyCommandListIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  command: []
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("notifications.command");
        assertThat(e.problem()).isEqualTo("the list is empty");
    }

    @Test
    void maxAttemptsOutOfRangeIsRejected() throws Exception {
        ConfigException e = loadFailing("""
                notifications:

                  maxAttempts: 0
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.key()).isEqualTo("notifications.maxAttempts");
        assertThat(e.expected()).isEqualTo("an integer from 1 to 100");
    }

    @Test
    void unresolvableTokenIsReportedWithoutItsValue() throws Exception {
        ConfigException e = loadFailing("""
                notifications:
                  webhook:
                    url: http://127.0.0.1:8080/hooks
                    header: X-Groupbridge-Token
                    token: ${env:NOT_SET_ANYWHERE}
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.problem()).isEqualTo("environment variable NOT_SET_ANYWHERE is not set");
    }

    private GroupbridgeConfig load(String yaml) throws IOException, ConfigException {
        return loader.load(writeConf(yaml));
    }

    private ConfigException loadFailing(String yaml) throws IOException {
        Path file = writeConf(yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e).as("loading should fail for:%n%s", yaml).isNotNull();
        return e;
    }

    private Path writeConf(String yaml) throws IOException {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }
}
