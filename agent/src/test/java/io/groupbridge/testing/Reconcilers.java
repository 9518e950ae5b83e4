package io.groupbridge.testing;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.DirectoryConfig;
import io.groupbridge.config.ReconcileConfig;
import io.groupbridge.directory.EntryMapper;
import io.groupbridge.directory.LdapSnapshotSource;
import io.groupbridge.sync.Failsafe;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.SnapshotSource;
import java.io.IOException;
import java.time.Clock;

/**
 * A reconciler over a source a test wraps (to report deletions, refuse a cookie, change the directory between the
 * two searches), with everything else as the app builds it.
 */
public final class Reconcilers {

    private Reconcilers() {
    }

    /** The app's LDAP source: its read pool, mapping, bases, filters and page size. */
    public static LdapSnapshotSource source(GroupbridgeApp app) throws IOException {
        DirectoryConfig d = app.config().directory();
        return new LdapSnapshotSource(app.directory().reads(), new EntryMapper(app.config().mapping()),
                LdapSnapshotSource.Search.of(d.peopleBase(), d.peopleFilter()),
                LdapSnapshotSource.Search.of(d.groupBase(), d.groupFilter()), d.pageSize());
    }

    /** A reconciler that reads {@code source} into the app's store under the app's lock and failsafe. */
    public static Reconciler over(GroupbridgeApp app, SnapshotSource source) {
        ReconcileConfig r = app.config().reconcile();
        return new Reconciler(source, app.store().reconcileStore(r.batchSize()), app.runLock(),
                new Failsafe(r.maxRemovalShare(), r.largeGroupThreshold(), r.allowEmptyDirectory(),
                        r.removalWindow()),
                Clock.systemUTC(), 50);
    }
}
