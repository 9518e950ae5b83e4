package io.groupbridge.model;

import java.util.Locale;

/** The kind of a group as the directory declares it (spec G). Mail-enabled security is {@link #SECURITY} plus a mail value. */
public enum GroupKind {
    SECURITY("security"),
    UNIFIED("unified"),
    DISTRIBUTION("distribution");

    private final String wireName;

    GroupKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in LDAP, the store, the conf and the CLI. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static GroupKind fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (GroupKind k : values()) {
            if (k.wireName.equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown group kind '" + value + "', expected one of security, unified, distribution");
    }
}
