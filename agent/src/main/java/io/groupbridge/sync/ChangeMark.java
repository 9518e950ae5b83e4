package io.groupbridge.sync;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How far an incremental read got, in the directory's own terms (spec Y2): the latest change time seen, the
 * server's change sequence number, or the server's RFC 4533 content-synchronisation cookies. Stored as text in the checkpoint; the text of a time is the ISO instant, so
 * checkpoints stored before sequence numbers existed still read.
 */
public sealed interface ChangeMark {

    /** The stored form; {@link #parse} reads it back. */
    String text();

    /**
     * @return whether this mark, seen by a later read, should replace {@code previous}: a later point of the same
     *     kind, or any mark of another kind, since the source has switched how it tracks changes
     */
    boolean advances(ChangeMark previous);

    /** @throws IllegalArgumentException when the text is none of the stored forms */
    static ChangeMark parse(String text) {
        if (text.startsWith(SyncCookies.PREFIX)) {
            String[] parts = text.substring(SyncCookies.PREFIX.length()).split(",", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("checkpoint '" + text + "' does not hold two cookies");
            }
            return new SyncCookies(parts[0], parts[1]);
        }
        if (text.startsWith(Sequence.PREFIX)) {
            try {
                return new Sequence(Long.parseLong(text.substring(Sequence.PREFIX.length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("checkpoint '" + text + "' has no sequence number", e);
            }
        }
        try {
            return new Timestamp(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("checkpoint '" + text + "' is not a known form", e);
        }
    }

    /** The latest {@code modifyTimestamp} seen. */
    record Timestamp(Instant at) implements ChangeMark {
        public Timestamp {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String text() {
            return at.toString();
        }

        @Override
        public boolean advances(ChangeMark previous) {
            return !(previous instanceof Timestamp t) || at.isAfter(t.at);
        }
    }

    /** The highest update sequence number seen (Active Directory's {@code uSNChanged}). */
    record Sequence(long number) implements ChangeMark {
        static final String PREFIX = "usn:";

        @Override
        public String text() {
            return PREFIX + number;
        }

        @Override
        public boolean advances(ChangeMark previous) {
            return !(previous instanceof Sequence s) || number > s.number;
        }
    }

    /**
     * The content-synchronisation cookies of the people search and of the group search, base64; a search's cookie is
     * empty until it has one. The server orders cookies, not the agent, so any other cookie replaces this one.
     */
    record SyncCookies(String people, String groups) implements ChangeMark {
        static final String PREFIX = "sync:";
        public static final SyncCookies NONE = new SyncCookies("", "");

        public SyncCookies {
            Objects.requireNonNull(people, "people");
            Objects.requireNonNull(groups, "groups");
        }

        public SyncCookies withPeople(String cookie) {
            return new SyncCookies(cookie, groups);
        }

        public SyncCookies withGroups(String cookie) {
            return new SyncCookies(people, cookie);
        }

        @Override
        public String text() {
            return PREFIX + people + "," + groups;
        }

        @Override
        public boolean advances(ChangeMark previous) {
            return !equals(previous);
        }
    }
}
