package io.groupbridge.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Problems in the directory data that a run reports and steps over (spec Y5): a member DN pointing at no entry,
 * a malformed value, a duplicate value. All are counted; only the first {@code limit} are kept with their text so
 * a directory full of bad data cannot fill the heap.
 */
public final class ReconcileWarnings {

    private final int limit;
    private final List<String> kept = new ArrayList<>();
    private int count;

    public ReconcileWarnings(int limit) {
        this.limit = limit;
    }

    public void add(String dn, String problem) {
        count++;
        if (kept.size() < limit) {
            kept.add(dn + ": " + problem);
        }
    }

    /** Counts problems whose details were already reported elsewhere or beyond the limit. */
    public void addCountOnly(int more) {
        count += more;
    }

    public int count() {
        return count;
    }

    public List<String> kept() {
        return List.copyOf(kept);
    }
}
