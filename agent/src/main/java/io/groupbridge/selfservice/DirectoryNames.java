package io.groupbridge.selfservice;

import java.util.Optional;

/**
 * DN handling the action service needs but cannot do with the JDK alone; the directory adapter implements it with
 * a real DN parser, so no DN is ever built by concatenating user input.
 */
public interface DirectoryNames {

    /** The DN a new group named {@code name} gets under the conf's group base, with every special character escaped. */
    String groupDn(String name);

    /**
     * The DN group {@code dn} gets when renamed to {@code newName}: the same parent and, when its RDN is its name, a
     * new RDN of that name with every special character escaped; otherwise {@code dn} itself.
     *
     * @throws IllegalArgumentException when {@code dn} is not a DN
     */
    String renamedDn(String dn, String newName);

    /** @return the normalized form, or empty when {@code text} is not a DN */
    Optional<String> normalize(String text);
}
