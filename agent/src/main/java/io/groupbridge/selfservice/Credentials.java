package io.groupbridge.selfservice;

import java.util.Optional;

/** Checks credentials against the directory (spec A16). Implementations never log a password. */
public interface Credentials {

    /**
     * Finds the one person whose login attributes equal {@code login} and binds as them with {@code password}.
     *
     * @return the person's DN, or empty when no single person matches or the bind fails: callers cannot and must not
     *         tell which
     * @throws IllegalStateException when the directory cannot be reached at all
     */
    Optional<String> verifyPerson(String login, char[] password);

    /** Binds as {@code dn} with {@code password}; false when the directory refuses. */
    boolean verifyDn(String dn, char[] password);
}
