package io.groupbridge.sync;

/**
 * The 64-bit digest the store keeps per person and group, so that a no-op reconcile compares one number per entry
 * instead of reading every membership back (issue 13, point 4).
 *
 * <p>An entry's fingerprint is {@link #finish}{@code (fields + values)}: a hash of its ordered single fields plus the
 * sum, modulo 2<sup>64</sup>, of one hash per owner or member value. A sum does not depend on the order the
 * directory returns values in, needs no sort and no joined string, can be taken while the values stream in, and
 * can be adjusted by the values a write-back adds or removes ({@link #ofValue}) without reading the others back.
 * A value's hash covers its spelling and whether it is an owner or a member; its normalized form is a function of
 * the spelling and is left out, so hashing a value costs one pass over its characters.
 *
 * <p>These are hashes for change detection, not a defence: a directory writer who wanted to hide a change from
 * the agent could look for a collision, but could as well make the change groupbridge would see.
 *
 * <p>{@link #NONE}, zero, is what the store holds for an entry it has no fingerprint of (a group still being
 * created, or every entry after the V38 migration): {@link #finish} never yields it, so a stored {@code NONE} always
 * means "compare in full".
 */
public final class Fingerprint {

    /** No fingerprint known: never equal to one computed. */
    public static final long NONE = 0L;

    private static final long FIELD_SEED = 0x243F6A8885A308D3L;
    private static final long OWNER_SEED = 0x13198A2E03707344L;
    private static final long MEMBER_SEED = 0xA4093822299F31D0L;
    private static final long ABSENT = 0x082EFA98EC4E6C89L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Fingerprint() {
    }

    /** The hash of ordered single fields; an absent (null) field differs from an empty one, and boundaries count. */
    public static long ofFields(String... fields) {
        long h = FIELD_SEED;
        for (String field : fields) {
            h = mix(h * GOLDEN + (field == null ? ABSENT : hash(field, FIELD_SEED)));
        }
        return mix(h + fields.length);
    }

    /** The hash one owner or member value adds to its entry's sum, by its spelling as the directory returns it. */
    public static long ofValue(boolean owner, String written) {
        return hash(written, owner ? OWNER_SEED : MEMBER_SEED);
    }

    /** The stored fingerprint of an entry whose fields hash to {@code fields} and whose values sum to {@code values}. */
    public static long finish(long fields, long values) {
        long f = fields + values;
        return f == NONE ? 1L : f;
    }

    /**
     * {@code stored} after a write-back removed values hashing to {@code removed} and added ones hashing to
     * {@code added}; {@link #NONE} stays {@code NONE}. A result that lands on {@code NONE}, or a stored value that
     * {@link #finish} had moved off it, only makes the next reconcile compare the group in full.
     */
    public static long adjusted(long stored, long removed, long added) {
        return stored == NONE ? NONE : stored - removed + added;
    }

    /**
     * Four UTF-16 units at a time through a multiply-xorshift step, then MurmurHash3's finalizer; the length is
     * mixed in, so "ab" + "c" and "a" + "bc" differ as fields and a value never equals its prefix.
     */
    private static long hash(String s, long seed) {
        int n = s.length();
        long h = seed ^ (n * GOLDEN);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long k = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48;
            h = (h ^ mixK(k)) * GOLDEN;
            h ^= h >>> 31;
        }
        long k = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            k |= (long) s.charAt(i) << shift;
        }
        h = (h ^ mixK(k)) * GOLDEN;
        return mix(h);
    }

    private static long mixK(long k) {
        k *= 0x87C37B91114253D5L;
        k = Long.rotateLeft(k, 31);
        return k * 0x4CF5AD432745937FL;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
