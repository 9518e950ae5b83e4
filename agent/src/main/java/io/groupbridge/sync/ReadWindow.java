package io.groupbridge.sync;

import java.util.Collections;
import java.util.HashSet;
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
 * entries in that second. One window per run; not thread-safe.
 *
 * <p>A source that learns of deletions from the server itself reports the stable ids of the deleted entries, so
 * an incremental run can apply them without waiting for a full one.
 */
public final class ReadWindow {

    private final ChangeMark since;
    private ChangeMark latest;
    private final Set<String> deleted = new HashSet<>();

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

    /** Notes that the server reported the entry with this stable id as deleted. */
    public void deleted(String id) {
        deleted.add(id);
    }

    /** @return the stable ids reported deleted; people and groups alike, since the server does not say which */
    public Set<String> deletedIds() {
        return Collections.unmodifiableSet(deleted);
    }

    /** @return the furthest mark observed, empty when no entry carried one */
    public Optional<ChangeMark> latest() {
        return Optional.ofNullable(latest);
    }
}
