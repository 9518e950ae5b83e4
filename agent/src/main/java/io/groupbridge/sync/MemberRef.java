package io.groupbridge.sync;

import java.util.Objects;

/**
 * A DN as the directory wrote it, with its normalized form used for every comparison.
 *
 * @param dn         the value as read, kept for display and write-back
 * @param normalized the RFC 4514 normalized form (lower-cased, spaces trimmed), the identity of the value
 */
public record MemberRef(String dn, String normalized) {
    public MemberRef {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(normalized, "normalized");
    }
}
