package io.groupbridge.selfservice;

import io.groupbridge.model.Dn;
import java.util.Objects;

/**
 * A person entry the store holds.
 *
 * @param dn     as the directory wrote it (the value written back to member and owner attributes) and normalized
 * @param login  the first login attribute value, may be {@code null}
 * @param name   display name, may be {@code null}
 */
public record Person(Dn dn, String login, String name) {
    public Person {
        Objects.requireNonNull(dn, "dn");
    }

    /** The login when known, for listings; the DN otherwise. */
    public String label() {
        return login != null ? login : dn.written();
    }
}
