package io.groupbridge.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A non-human caller of the API (spec S9), authenticated by its directory entry's DN and password and not limited by
 * the self-service settings; over the web API also by a bearer token whose SHA-256 the conf holds.
 *
 * @param name           unique within the conf; what the audit log shows
 * @param apiTokenSha256 the SHA-256 of its API bearer token, 64 hex digits in lower case; the token itself is never
 *                       in the conf
 */
public record ServicePrincipalConfig(String name, String dn, Secret password, Optional<String> apiTokenSha256) {

    /** What {@code apiTokenSha256} must look like. */
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    public ServicePrincipalConfig {
        Objects.requireNonNull(name, "name");
        DistinguishedNames.requireValid(Objects.requireNonNull(dn, "dn"));
        Objects.requireNonNull(password, "password");
        apiTokenSha256.ifPresent(h -> {
            if (!SHA256_HEX.matcher(h).matches()) {
                throw new IllegalArgumentException("apiTokenSha256 must be 64 hex digits");
            }
        });
        apiTokenSha256 = apiTokenSha256.map(h -> h.toLowerCase(java.util.Locale.ROOT));
    }

    public ServicePrincipalConfig(String name, String dn, Secret password) {
        this(name, dn, password, Optional.empty());
    }
}
