package io.groupbridge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running a configured program with the notification as JSON on stdin. */
class CommandSinkTest {

    @TempDir
    Path dir;

    @Test
    void programReceivesTheNotificationAsJsonOnStdin() throws Exception {
        Path script = script("cat > \"$1\"");
        Path out = dir.resolve("received.json");

        new CommandSink(List.of(script.toString(), out.toString()), Duration.ofSeconds(10))
                .deliver(Notifications.denied(7, "not in finance"));

        JsonNode body = new ObjectMapper().readTree(out.toFile());
        assertThat(body.get("event").asText()).isEqualTo("denied");
        assertThat(body.get("requestId").asLong()).isEqualTo(7);
        assertThat(body.get("reason").asText()).isEqualTo("not in finance");
        assertThat(body.get("justification").isNull()).isTrue();
        assertThat(body.get("recipients")).extracting(JsonNode::asText)
                .containsExactly("uid=alice,ou=people,dc=example,dc=com");
    }

    @Test
    void argumentsAreNotInterpretedByAShell() throws Exception {
        Path script = script("printf '%s' \"$1\" > \"$2\"");
        Path out = dir.resolve("argument.txt");

        new CommandSink(List.of(script.toString(), "$(touch pwned); *", out.toString()), Duration.ofSeconds(10))
                .deliver(Notifications.requested(1));

        assertThat(out).hasContent("$(touch pwned); *");
    }

    @Test
    void nonZeroExitIsARetryableFailureCarryingTheEndOfTheOutput() throws Exception {
        Path script = script("cat > /dev/null; echo 'owner mailbox unknown' >&2; exit 3");

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> new CommandSink(List.of(script.toString()), Duration.ofSeconds(10))
                        .deliver(Notifications.requested(1)));

        assertThat(e.getMessage()).isEqualTo("exited with status 3, output \"owner mailbox unknown\"");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void programThatExitsWithoutReadingStdinCountsByItsStatus() throws Exception {
        Path script = script("exit 0");

        new CommandSink(List.of(script.toString()), Duration.ofSeconds(10)).deliver(Notifications.requested(1));
    }

    @Test
    void programStillRunningAtTheTimeoutIsKilledAndFails() throws Exception {
        Path script = script("exec sleep 30");

        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> new CommandSink(List.of(script.toString()), Duration.ofMillis(300))
                        .deliver(Notifications.requested(1)));

        assertThat(e.getMessage()).isEqualTo("did not finish within 300 ms; killed");
    }

    @Test
    void missingProgramIsAFailure() {
        DeliveryException e = catchThrowableOfType(DeliveryException.class,
                () -> new CommandSink(List.of(dir.resolve("no-such-program").toString()), Duration.ofSeconds(10))
                        .deliver(Notifications.requested(1)));

        assertThat(e.getMessage()).startsWith("could not be run: ");
    }

    private Path script(String body) throws IOException {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
