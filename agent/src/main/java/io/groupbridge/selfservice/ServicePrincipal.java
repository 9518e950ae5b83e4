package io.groupbridge.selfservice;

import java.util.Objects;
import java.util.Optional;

/**
 * A configured service account (spec S9). The password is kept only to bind with it and never shown.
 *
 * @param name        what the command line calls it
 * @param tokenSha256 the SHA-256 of the bearer token it may call the API with, if it has one
 */
public record ServicePrincipal(String name, String dn, String password, Optional<byte[]> tokenSha256) {
    public ServicePrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(password, "password");
        tokenSha256 = tokenSha256.map(byte[]::clone);
    }

    public ServicePrincipal(String name, String dn, String password) {
        this(name, dn, password, Optional.empty());
    }

    @Override
    public String toString() {
        return "ServicePrincipal[name=" + name + ", dn=" + dn + "]";
    }
}
