package io.groupbridge.config;

import java.time.Duration;
import java.util.Objects;

/** @param expireAfter how long a join request may stay pending before it expires, default 30 days */
public record RequestsConfig(Duration expireAfter) {

    public RequestsConfig {
        Objects.requireNonNull(expireAfter, "expireAfter");
    }
}
