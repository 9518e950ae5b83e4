package io.groupbridge.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which entries one run reads, and how far the directory got among them (spec Y2). A full read covers everything;
 * an incremental read only entries changed at or after the checkpoint's {@link ChangeMark}.
 *
 * <p>The furthest mark seen becomes the next checkpoint. It is the directory's own clock or counter, so the agent's
 * clock may be off without losing changes. The bound is inclusive: the entries changed at the checkpoint itself are
 * read again next time (a fingerprint comparison each), because a server with whole-second timestamps may still add
 * entries in that second. A time the directory can no longer stamp is settled instead, and read no more (see
 * {@link ChangeMark.Timestamp}). One window per run; not thread-safe.
 *
 * <p>A source that learns of deletions from the server itself reports the stable ids of the deleted entries, so
 * an incremental run can apply them without waiting for a full one. Each deletion counts only for the search that
 * reported it: a content-sync server names, among one search's deletions, entries changed since the cookie that do
 * not match that search (OpenLDAP's syncprov plays its session log so), so a group whose members changed is
 * "deleted" for the people search and must stay a group.
 */
public final class ReadWindow {

    private final ChangeMark since;
    private ChangeMark latest;
    private final Map<Entries, Set<String>> deleted = new EnumMap<>(Entries.class);

    /** The two searches a run makes. */
    public enum Entries { PEOPLE, GROUPS }

    private ReadWindow(ChangeMark since) {
        this.since = since;
    }

    public static ReadWindow all() {
        return new ReadWindow(null);
    }

    public static ReadWindow changedSince(ChangeMark checkpoint) {
        return new ReadWindow(Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /** @return the lower bound, empty for a full read */
    public Optional<ChangeMark> since() {
        return Optional.ofNullable(since);
    }

    /** Notes how far the directory got at an entry; sources call it for every entry they read. */
    public void observe(ChangeMark mark) {
        if (latest == null || mark.advances(latest)) {
            latest = mark;
        }
    }

    /** Notes that the server reported the entry with this stable id as deleted to the search for {@code entries}. */
    public void deleted(Entries entries, String id) {
        deleted.computeIfAbsent(entries, e -> new HashSet<>()).add(id);
    }

    /** @return the stable ids the search for {@code entries} reported deleted */
    public Set<String> deletedIds(Entries entries) {
        return Collections.unmodifiableSet(deleted.getOrDefault(entries, Set.of()));
    }

    /** @return the furthest mark observed, empty when no entry carried one */
    public Optional<ChangeMark> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * The checkpoint this run leaves behind, or empty to keep the stored one.
     *
     * <p>A full run's furthest mark replaces any other, even an earlier one (restored from a backup, or the entry with
     * the furthest mark deleted); an incremental run's only a mark it advances. A time mark also records when it was
     * seen, and is settled by a later run that read its instant whole (a full read, or an incremental one from the
     * open mark) having started once the instant's tick was over.
     *
     * @param stored      the checkpoint the run started from, empty for none
     * @param full        whether the run read everything
     * @param readStarted the agent's time before the run started reading
     * @param readEnded   the agent's time after it finished reading
     */
    public Optional<ChangeMark> nextCheckpoint(Optional<ChangeMark> stored, boolean full, Instant readStarted,
            Instant readEnded) {
        if (stored.orElse(null) instanceof ChangeMark.Timestamp s
                && (latest == null || latest instanceof ChangeMark.Timestamp)) {
            return nextTime(s, (ChangeMark.Timestamp) latest, full, readStarted, readEnded);
        }
        if (latest instanceof ChangeMark.Timestamp l) {
            return Optional.of(seen(l, readEnded));
        }
        if (latest == null) {
            return Optional.empty();
        }
        boolean replaces = stored.isEmpty() || (full ? !latest.equals(stored.get()) : latest.advances(stored.get()));
        return replaces ? Optional.of(latest) : Optional.empty();
    }

    private static Optional<ChangeMark> nextTime(ChangeMark.Timestamp stored, ChangeMark.Timestamp latest, boolean full,
            Instant readStarted, Instant readEnded) {
        if (latest != null && latest.at().isAfter(stored.at())) {
            return Optional.of(seen(latest, readEnded));
        }
        if (latest != null && latest.at().isBefore(stored.at())) {
            return full ? Optional.of(seen(latest, readEnded)) : Optional.empty();
        }
        // Nothing after the stored instant, which this run read inclusively unless the mark was settled.
        if (stored.settled()) {
            return Optional.empty();
        }
        if (stored.tickOverBefore(readStarted)) {
            return Optional.of(new ChangeMark.Timestamp(stored.at(), Optional.empty(), true));
        }
        if (stored.seenBy().isEmpty()) {
            // Stored before marks recorded it: the run that stored it had seen the instant before this one started.
            return Optional.of(new ChangeMark.Timestamp(stored.at(), Optional.of(readStarted), false));
        }
        return Optional.empty();
    }

    private static ChangeMark.Timestamp seen(ChangeMark.Timestamp mark, Instant readEnded) {
        return new ChangeMark.Timestamp(mark.at(), Optional.of(readEnded), false);
    }
}
