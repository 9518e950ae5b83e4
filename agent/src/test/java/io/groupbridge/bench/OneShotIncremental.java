package io.groupbridge.bench;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One incremental reconcile in a process of its own, as a one-shot command would run it, for {@link ServerBench}:
 * the CLI has no incremental run yet (issue 13, point 7), and this opens the app exactly as a command does.
 *
 * <p>Usage: {@code OneShotIncremental CONF}; exits 0 when the run found changes, 1 otherwise.
 */
public final class OneShotIncremental {

    private OneShotIncremental() {
    }

    public static void main(String[] args) throws Exception {
        try (GroupbridgeApp app = GroupbridgeApp.open(new ConfigLoader(Map.of()).load(Path.of(args[0])),
                Clock.systemUTC())) {
            ReconcileReport r = app.syncCycle().reconcile(new Reconciler.Options(ReconcileReport.Mode.INCREMENTAL,
                    false, false), Reconciler.Progress.NONE).report();
            System.out.printf("read %d people and %d groups; changed %d people, %d groups%n", r.peopleRead(),
                    r.groupsRead(), r.peopleChanged(), r.groupsChanged());
            System.exit(r.peopleChanged() + r.groupsChanged() > 0 ? 0 : 1);
        }
    }
}
