package io.groupbridge.selfservice;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A membership or ownership as a listing shows it: in the directory, or an outstanding write-back (spec R6).
 *
 * @param status {@link #IN_DIRECTORY}, or the write-back's state and outbox id
 * @param endsAt when the membership ends (spec T1), empty when it does not; always empty for an ownership
 */
public record MembershipEntry(String dn, String status, Optional<Instant> endsAt) {

    public MembershipEntry {
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** An entry without an end. */
    public MembershipEntry(String dn, String status) {
        this(dn, status, Optional.empty());
    }

    /** The same entry ending at {@code end}. */
    public MembershipEntry endingAt(Optional<Instant> end) {
        return new MembershipEntry(dn, status, end);
    }

    /** What a listing shows for a membership or ownership the directory holds. */
    public static final String IN_DIRECTORY = "in directory";

    /** Whether the directory holds it already, rather than a write-back on its way. */
    public boolean inDirectory() {
        return IN_DIRECTORY.equals(status);
    }
}
