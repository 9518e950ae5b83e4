package io.groupbridge.selfservice;

import java.util.Objects;

/**
 * A configured service account (spec S9). The password is kept only to bind with it and never shown.
 *
 * @param name what the command line calls it
 */
public record ServicePrincipal(String name, String dn, String password) {
    public ServicePrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "ServicePrincipal[name=" + name + ", dn=" + dn + "]";
    }
}
