package io.groupbridge.selfservice;

import java.util.Optional;

/**
 * DN handling the action service needs but cannot do with the JDK alone; the directory adapter implements it with
 * a real DN parser, so no DN is ever built by concatenating user input.
 */
public interface DirectoryNames {

    /** The DN a new group named {@code name} gets under the conf's group base, with every special character escaped. */
    String groupDn(String name);

    /** @return the normalized form, or empty when {@code text} is not a DN */
    Optional<String> normalize(String text);
}
