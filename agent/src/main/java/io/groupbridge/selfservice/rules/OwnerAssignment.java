package io.groupbridge.selfservice.rules;

import java.util.Locale;

/** Which owners may make another member an owner (spec S6). Administrators and service principals always may. */
public enum OwnerAssignment {
    /** Every owner of the group. */
    ALL("all"),
    /** Only owners listed in {@link TenantSettings#ownerAssignmentSelected()}, directly or through a listed group. */
    SELECTED("selected"),
    /** No owner. */
    NONE("none");

    private final String wireName;

    OwnerAssignment(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static OwnerAssignment fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (OwnerAssignment o : values()) {
            if (o.wireName.equals(v)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown ownerAssignment value '" + value + "', expected one of all, selected, none");
    }
}
