package io.groupbridge.sync;

import java.util.Objects;

/**
 * Adding or removing one DN value of a group entry: an owner value, or a value of the group's member attribute.
 */
public record ValueChange(boolean add, boolean owner, MemberRef value) {
    public ValueChange {
        Objects.requireNonNull(value, "value");
    }
}
