package io.groupbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void theJitterTakesOffAtMostHalfEvenOfTheShortestWait() {
        Backoff least = new Backoff(Duration.ofMillis(2), Duration.ofMillis(2), () -> Long.MAX_VALUE);
        assertThat(least.after(1)).isEqualTo(Duration.ofMillis(1));
        assertThat(new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), () -> Long.MAX_VALUE).after(1))
                .as("half of one millisecond is nothing to take off").isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aCapThatIsNoMultipleOfTheFirstWaitStillDoublesUntilItIsReached() {
        Backoff uneven = new Backoff(Duration.ofMillis(30_500), Duration.ofMillis(61_001), () -> 0L);
        assertThat(uneven.after(2)).isEqualTo(Duration.ofMillis(61_000));
        assertThat(uneven.after(3)).isEqualTo(Duration.ofMillis(61_001));
    }

    @Test
    void theFirstWaitMayBeTheCapButNotMoreAndMustBePositive() {
        assertThat(new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1), () -> 0L).after(5))
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), () -> 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff needs 0 < initial <= max, was PT2M and PT1M");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), () -> 0L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofMinutes(1), () -> 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void afterVeryManyTriesTheWaitIsTheCapWhereTheFirstWaitDoublesPastTheLargestNumber() {
        // 3 ms doubled 62 times does not fit a long; the cap, shifted as far, would.
        Backoff odd = new Backoff(Duration.ofMillis(3), Duration.ofMillis(5), () -> 0L);
        assertThat(odd.after(63)).isEqualTo(Duration.ofMillis(5));
        assertThat(odd.after(1000)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void jitterSpreadsRowsThatFailedTogether() {
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.after(3)).distinct().count())
                .isGreaterThan(10);
    }
}
