package io.groupbridge.config;

import java.util.Objects;

/**
 * A non-human caller of the API (spec S9), authenticated by its directory entry's DN and password and not limited by
 * the self-service settings.
 *
 * @param name unique within the conf; what the audit log shows
 */
public record ServicePrincipalConfig(String name, String dn, Secret password) {

    public ServicePrincipalConfig {
        Objects.requireNonNull(name, "name");
        DistinguishedNames.requireValid(Objects.requireNonNull(dn, "dn"));
        Objects.requireNonNull(password, "password");
    }
}
