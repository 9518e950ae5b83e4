package io.groupbridge.selfservice;

import io.groupbridge.selfservice.rules.Decision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A listing, or the refusal that kept the actor from it. */
public record Listing<T>(Optional<Decision> refusal, List<T> items) {

    public Listing {
        Objects.requireNonNull(refusal, "refusal");
        items = List.copyOf(items);
    }

    static <T> Listing<T> of(List<T> items) {
        return new Listing<>(Optional.empty(), items);
    }

    static <T> Listing<T> refused(Decision decision) {
        return new Listing<>(Optional.of(decision), List.of());
    }
}
