package io.groupbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A conf file written under a test's home and loaded, or refused, as the agent would. */
final class TestConfs {

    private TestConfs() {
    }

    static GroupbridgeConfig load(Path home, String yaml) throws Exception {
        Path file = home.resolve("conf/groupbridge.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of()).load(file);
    }

    /** @return the message of the refusal, failing the test when the conf loads */
    static String refusal(Path home, String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(home, yaml));
        assertThat(e).as("refused: %s", yaml).isNotNull();
        return e.getMessage();
    }
}
