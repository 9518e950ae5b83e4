package io.groupbridge.selfservice;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One person of a list to add (spec B1).
 *
 * @param person a DN, login or mail, as {@code members add} takes it
 * @param until  the membership's last day (T1), empty for none
 */
public record MemberToAdd(String person, Optional<LocalDate> until) {
    public MemberToAdd {
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(until, "until");
    }
}
