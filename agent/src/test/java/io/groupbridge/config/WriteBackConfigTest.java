package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writeBack section of the conf (spec W3): defaults, the shipped values, and located errors (C2). */
class WriteBackConfigTest {

    @TempDir
    Path home;

    @Test
    void emptyConfAndShippedConfAgreeOnTheDefaults() throws Exception {
        WriteBackConfig defaults = load("").writeBack();

        assertThat(defaults).isEqualTo(new WriteBackConfig(10, Duration.ofSeconds(30), Duration.ofHours(1), 10_000));
        assertThat(new ConfigLoader(Map.of()).load(Path.of("../conf/groupbridge.yaml")).writeBack())
                .isEqualTo(defaults);
    }

    @Test
    void maxBackoffShorterThanInitialBackoffIsRefusedWithItsLine() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> load("writeBack:\n  initialBackoff: 10m\n  maxBackoff: 1m\n"));

        assertThat(e.getMessage()).contains("groupbridge.yaml:3:", "writeBack.maxBackoff", "initialBackoff");
    }

    @Test
    void zeroAttemptsIsRefused() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("writeBack:\n  maxAttempts: 0\n"));

        assertThat(e.getMessage()).contains("writeBack.maxAttempts", "from 1 to 1000");
    }

    private GroupbridgeConfig load(String yaml) throws Exception {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of()).load(file);
    }
}
