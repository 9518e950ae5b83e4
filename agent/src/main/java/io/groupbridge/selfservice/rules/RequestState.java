package io.groupbridge.selfservice.rules;

import java.util.Locale;

/** The life of a join request (spec R): {@code pending} until it is approved, denied, cancelled or expires. */
public enum RequestState {
    PENDING,
    APPROVED,
    DENIED,
    CANCELLED,
    EXPIRED;

    /** The lower-case name used in the store, the CLI and the API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Only a pending request can still change; there is at most one per group and user. */
    public boolean isOpen() {
        return this == PENDING;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RequestState fromWireName(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (RequestState s : values()) {
            if (s.wireName().equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown request state '" + value
                + "', expected one of pending, approved, denied, cancelled, expired");
    }
}
