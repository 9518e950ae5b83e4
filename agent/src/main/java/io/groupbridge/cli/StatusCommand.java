package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.StatusReport;
import io.groupbridge.config.ConfigException;
import io.groupbridge.config.ConfigLoader;
import io.groupbridge.config.GroupbridgeConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge status}: whether a daemon is up, the last run of each job with outcome, duration and counts, the
 * latest full and incremental reconcile, the outbox backlog, the reconcile lease and the conf (issue 5, point 5).
 * Reads the store only; touches neither the directory nor a running daemon.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the daemon, its jobs' last runs, the outbox backlog, the reconcile lock and the conf.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    GroupbridgeCommand root;

    @Option(names = "--json", description = "print the status as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.env;
        ConfigLoader.Read read = new ConfigLoader(env.environment()).read(root.confPath());
        if (read.sections().isEmpty()) {
            // An empty file loads as every default: status would read the default embedded store and call the
            // running daemon, which keeps its last good conf (LiveConfig), down.
            throw new ConfigException(read.config().source(), 1, "", "the file is empty (or holds only comments),"
                    + " so status cannot tell which store a daemon uses; a running daemon keeps its last good conf",
                    "the directory and store sections of the daemon's conf");
        }
        GroupbridgeConfig config = read.config();
        String confError = null;
        GroupbridgeConfig onDisk = config;
        try {
            onDisk = new ConfigLoader(env.environment()).load(config.source());
        } catch (ConfigException e) {
            confError = e.getMessage();
        }
        try (GroupbridgeApp app = GroupbridgeApp.open(config, env.clock())) {
            StatusReport status = StatusReport.read(app, config, onDisk, confError, env.clock());
            if (json) {
                new Json().print(env.out(), status);
            } else {
                print(env.out(), status, env.columns());
            }
            return ExitCodes.OK;
        }
    }

    private static void print(PrintWriter out, StatusReport s, int columns) {
        out.printf("daemon:  %s%n", s.daemon().held() ? "up since " + s.daemon().since() + " (" + s.daemon().holder()
                + ")" : "down");
        out.printf("conf:    %s (settings version %s)%n", s.confPath(), s.settingsVersion());
        if (s.confError() != null) {
            out.printf("         the file has an error, a running daemon keeps its last good conf: %s%n",
                    s.confError());
        }
        StatusReport.Lease lock = s.reconcileLock();
        out.printf("lock:    %s%n", lock.holder() == null ? "free"
                : (lock.held() ? "reconcile held by " : "expired reconcile lease of ") + lock.holder() + " since "
                        + lock.since());
        out.printf("outbox:  %d pending, %d failed%n", s.outbox().getOrDefault("pending", 0),
                s.outbox().getOrDefault("failed", 0));
        if (!s.mail().isEmpty()) {
            out.printf("mail:    %d queued, %d failed, %d sent, %d skipped (no address)%n",
                    s.mail().getOrDefault("pending", 0), s.mail().getOrDefault("failed", 0),
                    s.mail().getOrDefault("sent", 0), s.mail().getOrDefault("skipped", 0));
        }
        out.printf("groups:  %s without an owner (the administrators renew and review them)%n",
                Plural.of(s.ownerlessGroups(), "group"));
        out.println();
        if (s.jobs().isEmpty()) {
            out.println("no daemon job has run yet");
        } else {
            Table table = new Table("JOB", "LAST RUN", "OUTCOME", "DURATION", "READ", "CHANGES", "NEXT");
            for (StatusReport.Job j : s.jobs()) {
                table.row(j.name(), String.valueOf(j.lastStarted()), j.outcome(),
                        String.format(Locale.ROOT, "%.1f s", j.duration().toMillis() / 1000.0),
                        Integer.toString(j.entriesRead()), Integer.toString(j.changes()),
                        j.next() == null ? "-" : j.next().toString());
            }
            table.print(out, columns);
            for (StatusReport.Job j : s.jobs()) {
                if (!j.outcome().equals("succeeded") && j.detail() != null) {
                    out.printf("%s %s: %s%n", j.name(), j.outcome(), j.detail());
                }
            }
        }
        s.reconciles().forEach((mode, r) -> {
            out.printf("last %s reconcile: %s at %s, read %d people and %s, %s, %s%n", mode, r.outcome(),
                    r.startedAt(), r.peopleRead(), Plural.of(r.groupsRead(), "group"), Plural.of(r.changes(), "change"),
                    Plural.of(r.warnings(), "warning"));
            if (r.error() != null) {
                out.printf("  %s%n", r.error());
            }
        });
    }
}
