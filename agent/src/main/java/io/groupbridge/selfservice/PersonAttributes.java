package io.groupbridge.selfservice;

import java.util.Map;
import java.util.Set;

/**
 * Reads a person's directory attributes at the moment an action needs them: the naming policy's {@code [Department]}
 * (spec N1) is the creator's department now, not at the last reconcile.
 */
@FunctionalInterface
public interface PersonAttributes {

    /**
     * @param personDn the person's DN
     * @param names    attribute names, lower-case
     * @return the first value of each attribute the person has, keyed by the name asked for; absent ones left out
     * @throws IllegalStateException when the directory cannot be read
     */
    Map<String, String> read(String personDn, Set<String> names);

    /** For callers with no directory to ask: nobody has any attribute. */
    static PersonAttributes none() {
        return (dn, names) -> Map.of();
    }
}
