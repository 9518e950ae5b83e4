package io.groupbridge.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Waits between delivery attempts: {@code initial} doubled per retry up to {@code max}, of which a random part of up
 * to half is left out, so that retries against a receiver that just came back do not arrive in lockstep.
 */
record Backoff(Duration initial, Duration max) {

    Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
    }

    /** @param failedAttempts attempts made so far, at least 1 */
    Duration delayAfter(int failedAttempts, RandomGenerator random) {
        long capMillis = max.toMillis();
        long millis = initial.toMillis();
        for (int i = 1; i < failedAttempts && millis < capMillis; i++) {
            millis *= 2;
        }
        millis = Math.min(millis, capMillis);
        long half = millis / 2;
        return Duration.ofMillis(millis - half + random.nextLong(half + 1));
    }
}
