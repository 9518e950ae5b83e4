package io.groupbridge.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries one run reads, and how far the directory's clock got among them (spec Y2). A full read covers
 * everything; an incremental read only entries whose {@code modifyTimestamp} is at or after the checkpoint.
 *
 * <p>The latest timestamp seen becomes the next checkpoint. It is the directory's own clock, so the agent's clock
 * may be off without losing changes. The bound is inclusive: the entries changed in the checkpoint's own instant
 * are read again next time (a fingerprint comparison each), because a server with whole-second timestamps may
 * still add entries in that second. One window per run; not thread-safe.
 */
public final class ReadWindow {

    private final Instant since;
    private Instant latest;

    private ReadWindow(Instant since) {
        this.since = since;
    }

    public static ReadWindow all() {
        return new ReadWindow(null);
    }

    public static ReadWindow changedSince(Instant checkpoint) {
        return new ReadWindow(Objects.requireNonNull(checkpoint, "checkpoint"));
    }

    /** @return the lower bound, empty for a full read */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /** Notes an entry's {@code modifyTimestamp}; sources call it for every entry they read. */
    public void observe(Instant modified) {
        if (latest == null || modified.isAfter(latest)) {
            latest = modified;
        }
    }

    /** @return the latest {@code modifyTimestamp} observed, empty when no entry carried one */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest);
    }
}
