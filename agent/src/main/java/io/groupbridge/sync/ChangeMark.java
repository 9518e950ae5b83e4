package io.groupbridge.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * How far an incremental read got, in the directory's own terms (spec Y2): the latest change time seen, the
 * server's change sequence number, or the server's RFC 4533 content-synchronisation cookies. Stored as text in the
 * checkpoint; the text of a time is the ISO instant (with when it was seen, or marked settled), so checkpoints stored
 * before sequence numbers existed still read.
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
            if (text.startsWith(Timestamp.SETTLED)) {
                return new Timestamp(Instant.parse(text.substring(Timestamp.SETTLED.length())), Optional.empty(), true);
            }
            int seen = text.indexOf(Timestamp.SEEN_BY);
            if (seen >= 0) {
                return new Timestamp(Instant.parse(text.substring(0, seen)),
                        Optional.of(Instant.parse(text.substring(seen + Timestamp.SEEN_BY.length()))), false);
            }
            return new Timestamp(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("checkpoint '" + text + "' is not a known form", e);
        }
    }

    /**
     * The latest {@code modifyTimestamp} seen. A directory stamps with whole seconds (OpenLDAP, 389-DS) or
     * milliseconds (the embedded server), so more entries may still be stamped with this instant after a read saw
     * it, and an entry read at it may change again within it: an incremental read from an open mark includes the
     * instant itself. Once a read that began after the instant's tick was over has read it whole, nothing can be
     * stamped with it any more and the mark is settled: the next read starts strictly after it, so a bulk load that
     * stamped every entry with one instant is not read again by every incremental run (issue 13, point 7).
     *
     * @param at      the directory's instant
     * @param seenBy  the agent's time by which a read had seen an entry stamped {@code at}, so the tick began before
     *                it; empty for a mark an entry carries, and for one stored before this was kept
     * @param settled whether every entry stamped {@code at} or earlier is in the store
     */
    record Timestamp(Instant at, Optional<Instant> seenBy, boolean settled) implements ChangeMark {
        static final String SETTLED = "settled:";
        static final String SEEN_BY = "/seen-by:";
        /*
         * How long after seenBy the tick of an instant is surely over: no directory groupbridge reads stamps more
         * coarsely than a second, and the agents that share a store (a CLI run, the daemon, a cluster) keep clocks
         * within five seconds of each other, as their run leases already require.
         */
        static final Duration TICK_BOUND = Duration.ofSeconds(6);

        public Timestamp {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(seenBy, "seenBy");
        }

        /** The mark an entry stamped {@code at} carries. */
        public Timestamp(Instant at) {
            this(at, Optional.empty(), false);
        }

        @Override
        public String text() {
            if (settled) {
                return SETTLED + at;
            }
            return seenBy.map(s -> at + SEEN_BY + s).orElse(at.toString());
        }

        @Override
        public boolean advances(ChangeMark previous) {
            return !(previous instanceof Timestamp t) || at.isAfter(t.at);
        }

        /** @return whether the instant's tick was over before {@code readStarted}, the start of a later read */
        boolean tickOverBefore(Instant readStarted) {
            return seenBy.filter(s -> readStarted.isAfter(s.plus(TICK_BOUND))).isPresent();
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
