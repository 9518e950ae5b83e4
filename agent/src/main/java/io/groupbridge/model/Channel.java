package io.groupbridge.model;

import java.util.Locale;

/** How a group was created (spec P table, P4): through an API or LDAP tool, the admin console, or groupbridge self-service. */
public enum Channel {
    API("api"),
    PORTAL("portal"),
    SELF_SERVICE("self-service");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Channel fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Channel c : values()) {
            if (c.wireName.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown creation channel '" + value + "', expected one of api, portal, self-service");
    }
}
