package io.groupbridge.config;

import java.util.Objects;

/**
 * A resolved secret (a password). {@link #toString()} never shows the value, so a secret can sit in records that
 * get logged; call {@link #reveal()} only where the value is handed to a driver or an LDAP bind.
 */
public final class Secret {

    private static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @param value the plain secret, must not be {@code null} (may be empty, e.g. HSQLDB's default SA password) */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
