package io.groupbridge.selfservice;

/**
 * A membership or ownership as a listing shows it: in the directory, or an outstanding write-back (spec R6).
 *
 * @param status {@link #IN_DIRECTORY}, or the write-back's state and outbox id
 */
public record MembershipEntry(String dn, String status) {

    /** What a listing shows for a membership or ownership the directory holds. */
    public static final String IN_DIRECTORY = "in directory";

    /** Whether the directory holds it already, rather than a write-back on its way. */
    public boolean inDirectory() {
        return IN_DIRECTORY.equals(status);
    }
}
