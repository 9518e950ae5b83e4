package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.groupbridge.config.NotificationsConfig;
import io.groupbridge.selfservice.NotificationSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building the sink from the {@code notifications:} conf section. */
class NotifiersTest {

    @TempDir
    Path dir;

    private final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void defaultConfigOnlyLogs() {
        try (NotificationSink sink = Notifiers.fromConfig(NotificationsConfig.defaults(), Clock.systemUTC())) {
            assertThat(sink).isInstanceOf(LogSink.class);
            sink.send(Notifications.requested(42));
        }

        assertThat(logs.messages(Level.INFO)).singleElement().asString().startsWith("notification requested request=42");
    }

    @Test
    void configuredCommandAndWebhookBothReceiveEachNotificationAndItIsLogged() throws Exception {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\ncat > \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("received.json");
        try (LoopbackWebhook server = new LoopbackWebhook()) {
            NotificationsConfig config = new NotificationsConfig(List.of(script.toString(), out.toString()),
                    Optional.of(new NotificationsConfig.Webhook(server.url(), Optional.empty(), Optional.empty())),
                    Duration.ofSeconds(5), 3);

            try (NotificationSink sink = Notifiers.fromConfig(config, Clock.systemUTC())) {
                sink.send(Notifications.requested(42));
            }

            assertThat(server.received()).singleElement().extracting(LoopbackWebhook.Received::body).asString()
                    .contains("\"requestId\":42");
            assertThat(out).content().contains("\"requestId\":42");
            assertThat(logs.messages(Level.INFO)).singleElement().asString()
                    .startsWith("notification requested request=42");
        }
    }
}
