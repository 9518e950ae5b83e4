package io.groupbridge.selfservice;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A review the conf starts on its own (spec V1): every {@code every}, a review of {@code scope} that lasts
 * {@code duration}.
 *
 * @param name     the schedule's name, unique in the conf; the reviews it starts carry it
 * @param reviewer a person's login, mail or DN who decides instead of the owners; empty for the owners
 */
public record ReviewSchedule(String name, ReviewScope scope, Duration every, Duration duration,
        ReviewVerdict defaultVerdict, Optional<String> reviewer) {

    public ReviewSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(defaultVerdict, "defaultVerdict");
        Objects.requireNonNull(reviewer, "reviewer");
    }
}
