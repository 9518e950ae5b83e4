package io.groupbridge.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The LDAP groups whose (nested) members hold an administrator role (spec S10). A role left empty is held by nobody.
 */
public record RolesConfig(Optional<String> groupsAdministrators, Optional<String> userAdministrators,
        Optional<String> globalAdministrators) {

    public RolesConfig {
        Objects.requireNonNull(groupsAdministrators, "groupsAdministrators").ifPresent(DistinguishedNames::requireValid);
        Objects.requireNonNull(userAdministrators, "userAdministrators").ifPresent(DistinguishedNames::requireValid);
        Objects.requireNonNull(globalAdministrators, "globalAdministrators").ifPresent(DistinguishedNames::requireValid);
    }
}
