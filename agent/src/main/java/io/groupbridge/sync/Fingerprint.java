package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * A 64-bit digest of an entry's stored fields. The store keeps one per person and group so a no-op reconcile
 * compares one number per entry instead of reading every membership back.
 */
final class Fingerprint {

    private final MessageDigest digest;

    private Fingerprint(MessageDigest digest) {
        this.digest = digest;
    }

    static Fingerprint of(String... fields) {
        Fingerprint f = new Fingerprint(sha256());
        for (String field : fields) {
            f.add(field);
        }
        return f;
    }

    /** Adds a set of values whose order carries no meaning: sorted by normalized form first. */
    Fingerprint withUnordered(String label, List<Dn> refs) {
        add(label);
        String[] keys = new String[refs.size()];
        for (int i = 0; i < keys.length; i++) {
            Dn r = refs.get(i);
            keys[i] = r.normalized() + '\u0000' + r.written();
        }
        Arrays.sort(keys);
        for (String k : keys) {
            add(k);
        }
        return this;
    }

    long value() {
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    private void add(String field) {
        if (field == null) {
            digest.update((byte) 0);
            return;
        }
        digest.update((byte) 1);
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
