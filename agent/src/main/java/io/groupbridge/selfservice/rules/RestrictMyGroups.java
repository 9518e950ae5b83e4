package io.groupbridge.selfservice.rules;

import java.util.Locale;

/**
 * How much of the My Groups web panel's group features people without an admin role may use (spec S2). Only the
 * panel is restricted; the REST API and the CLI follow the other rules.
 */
public enum RestrictMyGroups {
    /** The panel shows everything the other rules allow. */
    NONE("none"),
    /** Security groups are hidden from the panel (Entra's meaning since June 2024). */
    SECURITY_GROUPS("security-groups"),
    /** The panel's group features are closed (Entra's older meaning). */
    ALL("all");

    private final String wireName;

    RestrictMyGroups(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RestrictMyGroups fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (RestrictMyGroups r : values()) {
            if (r.wireName.equals(v)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown restrictMyGroups value '" + value + "', expected one of none, security-groups, all");
    }
}
