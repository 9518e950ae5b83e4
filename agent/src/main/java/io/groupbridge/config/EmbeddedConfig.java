package io.groupbridge.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-process demo directory.
 *
 * @param port listening port, 0 for any free port
 * @param dataFile where the directory's content is persisted between runs (absolute)
 * @param seedLdif the LDIF loaded when {@code dataFile} does not exist yet; empty means the built-in demo data
 * @param suffix the directory's base DN, {@code dc=example,dc=com} for the demo data
 */
public record EmbeddedConfig(int port, Path dataFile, Optional<Path> seedLdif, String suffix) {

    public EmbeddedConfig {
        Objects.requireNonNull(suffix, "suffix");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(dataFile, "dataFile");
        Objects.requireNonNull(seedLdif, "seedLdif");
    }
}
