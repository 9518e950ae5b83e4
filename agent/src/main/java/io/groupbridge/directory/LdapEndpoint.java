package io.groupbridge.directory;

import java.util.Objects;

/** Where the directory listens; for the embedded directory, the loopback port it actually bound. */
public record LdapEndpoint(String host, int port, boolean ssl, boolean startTls) {
    public LdapEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return (ssl ? "ldaps://" : "ldap://") + host + ":" + port + (startTls ? " (StartTLS)" : "");
    }
}
