package io.groupbridge.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox is written back to the directory (spec W3).
 *
 * @param maxAttempts    tries of one outbox row before it is parked as failed, default 10
 * @param initialBackoff wait before the second try; it doubles with every further try, default 30s
 * @param maxBackoff     the longest wait between two tries, default 1h
 * @param batchSize      outbox rows one write-back run takes at most, default 10000
 */
public record WriteBackConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int batchSize) {

    public WriteBackConfig {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }
}
