package io.groupbridge.sync;

/**
 * A full run read no people or no groups into a store that holds no groups yet (issue 17). The removal limits of the
 * {@link Failsafe} cannot see this, since there is nothing to remove, yet a bind that may read nothing (389-DS's
 * default access rules hide every entry from a new account), a wrong base or a filter that matches nothing would
 * otherwise look like a successful first run. The store is as it was.
 */
public final class EmptyDirectoryException extends SyncException {

    private static final long serialVersionUID = 1L;

    /** @param read what the run read, from {@link Failsafe#emptyRead} */
    public EmptyDirectoryException(String read, SnapshotSource.Origin origin) {
        super("empty directory", read + " " + account(origin) + " from people base " + origin.peopleBase()
                + " (filter " + origin.peopleFilter() + ") and group base " + origin.groupBase() + " (filter "
                + origin.groupFilter() + "), and the store holds no groups yet, so nothing was stored. Check that "
                + account(origin) + " may read these entries (the server's access rules or ACIs), that both bases"
                + " are right and hold the entries, and that the filters match them; if the directory is empty on"
                + " purpose, set reconcile.allowEmptyDirectory: true", null);
    }

    private static String account(SnapshotSource.Origin origin) {
        return origin.bindDn().isEmpty() ? "anonymously" : "as " + origin.bindDn();
    }
}
