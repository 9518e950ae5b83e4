package io.groupbridge.sync;

import io.groupbridge.model.Dn;
import java.util.Objects;

/**
 * A person entry as read from the directory.
 *
 * @param id    the stable id (entryUUID, objectGUID on Active Directory); survives renames
 * @param login the first login attribute value (uid by default), may be {@code null}
 * @param name  display name, may be {@code null}
 * @param mail  may be {@code null}
 */
public record DirectoryPerson(String id, Dn dn, String login, String name, String mail) {
    public DirectoryPerson {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dn, "dn");
    }

    /** A digest of every stored field, so an unchanged person costs one comparison and no store read. */
    public long fingerprint() {
        return Fingerprint.finish(Fingerprint.ofFields(dn.written(), dn.normalized(), login, name, mail), 0);
    }
}
