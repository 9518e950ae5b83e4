package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.util.Objects;

/**
 * Adding or removing one DN value of a group entry: an owner value, or a value of the group's member attribute.
 */
public record ValueChange(boolean add, boolean owner, Dn value) {
    public ValueChange {
        Objects.requireNonNull(value, "value");
    }
}
