package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Retry waits double per try up to the cap, with up to half taken off at random (spec W3). */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10), new SplittableRandom(1));

    @Test
    void waitDoublesPerTryWithinHalfOfTheFullValue() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Duration full = Duration.ofSeconds(30L << (attempt - 1));
            assertThat(backoff.after(attempt)).isBetween(full.dividedBy(2), full);
        }
    }

    @Test
    void waitNeverExceedsTheCapEvenAfterManyTries() {
        assertThat(backoff.after(10)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        assertThat(backoff.after(1000)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Test
    void jitterSpreadsRowsThatFailedTogether() {
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.after(3)).distinct().count())
                .isGreaterThan(10);
    }
}
