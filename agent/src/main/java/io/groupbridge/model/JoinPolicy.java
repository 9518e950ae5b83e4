package io.groupbridge.model;

import java.util.Locale;

/** How a user gets into a group (spec P1-P3). */
public enum JoinPolicy {
    OPEN("open"),
    OWNER_APPROVAL("owner-approval"),
    OWNERS_ONLY("owners-only");

    private final String wireName;

    JoinPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The policy a group gets when it first appears in the directory (spec P table): security groups made
     * through an API, LDAP tool or the portal are owners-only, unified groups are open, and groups created
     * through self-service are open (a creator who chose another policy stores that choice explicitly).
     */
    public static JoinPolicy defaultFor(GroupKind kind, Channel channel) {
        if (channel == Channel.SELF_SERVICE) {
            return OPEN;
        }
        return kind == GroupKind.UNIFIED ? OPEN : OWNERS_ONLY;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static JoinPolicy fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (JoinPolicy p : values()) {
            if (p.wireName.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown join policy '" + value + "', expected one of open, owner-approval, owners-only");
    }
}
