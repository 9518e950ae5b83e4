package io.groupbridge.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter (spec W3): the wait after try {@code n} is {@code initial * 2^(n-1)}, capped at
 * {@code max}, of which a random part of up to half is taken off, so that rows failed together by one outage do not
 * all come back at the same instant. The wait is never shorter than half the capped value.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** @param attempt the try that just started or failed, counting from 1 */
    public Duration after(int attempt) {
        long initialMillis = initial.toMillis();
        long capMillis = max.toMillis();
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long full = initialMillis > (capMillis >> doublings) ? capMillis : Math.min(capMillis, initialMillis << doublings);
        long half = full / 2;
        return Duration.ofMillis(full - (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
