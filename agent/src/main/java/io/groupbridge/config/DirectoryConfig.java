package io.groupbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and search the LDAP directory.
 *
 * @param url {@code embedded} (the in-process demo directory described by {@code embedded}),
 *     {@code ldap://host[:port]} or {@code ldaps://host[:port]}, or several of one scheme separated by spaces or
 *     commas: replicas of one directory, tried in order
 * @param pageSize entries per simple-paged-results page; 0 searches unpaged
 * @param embedded used only when {@link #isEmbedded()}; always present so callers need no null check
 * @param trustedCertificates a PEM file of the CA certificates that may sign the server's certificate, in place of
 *     the JVM's trust store; empty to use the JVM's
 * @param writeBackAccount the account the write-back binds as, so that {@code bindDn} may be read-only; empty to
 *     write as {@code bindDn}
 * @param insecure for labs: accept any certificate for any host name over ldaps:// or StartTLS; the loader allows it
 *     only on an encrypted connection
 * @param poolSize connections the reconciles read on (at least 2: a group search reads ranged values on a second)
 * @param writePoolSize connections the write-back writes on
 * @param signInPoolSize connections sign-ins check passwords on
 */
public record DirectoryConfig(String url, String bindDn, Secret bindPassword, boolean startTls, Duration connectTimeout,
        Duration responseTimeout, int pageSize, String peopleBase, String groupBase, String peopleFilter,
        String groupFilter, EmbeddedConfig embedded, Optional<Path> trustedCertificates,
        Optional<BindAccount> writeBackAccount, boolean insecure, int poolSize, int writePoolSize,
        int signInPoolSize) {

    static final String EMBEDDED = "embedded";

    public DirectoryConfig {
        Objects.requireNonNull(url, "url");
        if (!url.equals(EMBEDDED)) {
            LdapUrl.parseList(url);
        }
        Objects.requireNonNull(bindDn, "bindDn");
        Objects.requireNonNull(bindPassword, "bindPassword");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (pageSize < 0) {
            throw new IllegalArgumentException("pageSize must not be negative");
        }
        Objects.requireNonNull(peopleBase, "peopleBase");
        Objects.requireNonNull(groupBase, "groupBase");
        Objects.requireNonNull(peopleFilter, "peopleFilter");
        Objects.requireNonNull(groupFilter, "groupFilter");
        Objects.requireNonNull(embedded, "embedded");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        Objects.requireNonNull(writeBackAccount, "writeBackAccount");
        if (poolSize < 2 || writePoolSize < 1 || signInPoolSize < 1) {
            throw new IllegalArgumentException("pool sizes must be at least 2 (reads) and 1 (write-back, sign-in)");
        }
    }

    public boolean isEmbedded() {
        return url.equals(EMBEDDED);
    }

    /** @return the servers of {@link #url()} in the order they are tried; empty for the embedded directory */
    public List<LdapUrl> servers() {
        return isEmbedded() ? List.of() : LdapUrl.parseList(url);
    }

    /** @return true for {@code ldaps://}; StartTLS is reported separately by {@link #startTls()} */
    public boolean ssl() {
        return !isEmbedded() && servers().get(0).ssl();
    }
}
