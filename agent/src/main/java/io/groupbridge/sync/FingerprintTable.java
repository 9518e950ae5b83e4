package io.groupbridge.sync;

import java.util.function.Consumer;

/**
 * The stored fingerprints a reconcile compares against, in primitive arrays: an open-addressing table of id to
 * fingerprint and a deleted flag, where a boxed map cost an object per entry and a pointer chase per look-up.
 * An entry read from the directory is {@link #take taken}; what is left untaken after a full read is what the
 * directory no longer holds. Not thread-safe: one run fills and reads it.
 */
final class FingerprintTable {

    private String[] ids = new String[16];
    private long[] fingerprints = new long[16];
    // Bit 0: the stored group is deleted; bit 1: taken by this run.
    private byte[] flags = new byte[16];
    private int size;

    void put(String id, long fingerprint, boolean deleted) {
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        int i = slot(id);
        if (ids[i] == null) {
            ids[i] = id;
            size++;
        }
        fingerprints[i] = fingerprint;
        flags[i] = (byte) (deleted ? 1 : 0);
    }

    int size() {
        return size;
    }

    /**
     * Marks the entry seen.
     *
     * @return its slot, for {@link #fingerprint} and {@link #deleted}; -1 when the store holds no such id or it was
     *     taken already
     */
    int take(String id) {
        int i = slot(id);
        if (ids[i] == null || (flags[i] & 2) != 0) {
            return -1;
        }
        flags[i] |= 2;
        return i;
    }

    long fingerprint(int slot) {
        return fingerprints[slot];
    }

    boolean deleted(int slot) {
        return (flags[slot] & 1) != 0;
    }

    /** The ids not taken, deleted ones too when {@code withDeleted}. */
    void forEachUntaken(boolean withDeleted, Consumer<String> action) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && (flags[i] & 2) == 0 && (withDeleted || (flags[i] & 1) == 0)) {
                action.accept(ids[i]);
            }
        }
    }

    /** How many stored entries are not deleted. */
    int activeCount() {
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && (flags[i] & 1) == 0) {
                n++;
            }
        }
        return n;
    }

    private int slot(String id) {
        int mask = ids.length - 1;
        int h = id.hashCode();
        int i = (h ^ (h >>> 16)) & mask;
        while (ids[i] != null && !ids[i].equals(id)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        String[] oldIds = ids;
        long[] oldFingerprints = fingerprints;
        byte[] oldFlags = flags;
        ids = new String[oldIds.length * 2];
        fingerprints = new long[ids.length];
        flags = new byte[ids.length];
        for (int j = 0; j < oldIds.length; j++) {
            if (oldIds[j] != null) {
                int i = slot(oldIds[j]);
                ids[i] = oldIds[j];
                fingerprints[i] = oldFingerprints[j];
                flags[i] = oldFlags[j];
            }
        }
    }
}
