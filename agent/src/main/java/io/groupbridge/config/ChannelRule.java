package io.groupbridge.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Groups under {@code base} count as created through {@code channel} (spec P4) unless they say otherwise.
 *
 * @param channel {@code api}, {@code portal} or {@code self-service}, lower case
 */
public record ChannelRule(String base, String channel) {

    static final List<String> CHANNELS = List.of("api", "portal", "self-service");

    public ChannelRule {
        DistinguishedNames.requireValid(Objects.requireNonNull(base, "base"));
        channel = Objects.requireNonNull(channel, "channel").toLowerCase(Locale.ROOT);
        if (!CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("unknown channel '" + channel + "', expected one of " + CHANNELS);
        }
    }
}
