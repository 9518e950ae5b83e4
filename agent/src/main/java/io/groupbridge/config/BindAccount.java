package io.groupbridge.config;

import java.util.Objects;

/** A directory account: the DN to bind as and its password, which {@link Secret} keeps out of logs. */
public record BindAccount(String dn, Secret password) {

    public BindAccount {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(password, "password");
    }
}
