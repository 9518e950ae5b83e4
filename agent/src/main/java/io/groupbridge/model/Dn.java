package io.groupbridge.model;

import java.util.Objects;

/**
 * A distinguished name as it was written, with its normalized form: the one shape a DN has between packages (a
 * person, a group, a member or owner value). Whether two DNs name one entry is {@code normalized().equals(...)};
 * record equality also compares the spelling, which a fingerprint or a display must notice.
 *
 * <p>Only the one DN parser ({@code dn.Dns}, over UnboundID) makes one from text: normalizing a DN needs a real
 * DN parser (escapes, multi-valued RDNs, hex values), which this JDK-only package does not have. The store rebuilds
 * one from the two columns it keeps.
 *
 * @param written    the value as read or typed, never blank
 * @param normalized the RFC 4514 normalized form (attribute names and values lower-cased, spaces trimmed, the parts
 *                   of a multi-valued RDN sorted, non-ASCII hex-escaped), the identity of the value
 */
public record Dn(String written, String normalized) {

    public Dn {
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(normalized, "normalized");
        if (normalized.isBlank()) {
            throw new IllegalArgumentException("an empty DN has no normalized form: \"" + written + "\"");
        }
    }
}
