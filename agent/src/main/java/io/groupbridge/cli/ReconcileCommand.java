package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.GroupChange;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code groupbridge reconcile}: one full reconcile of the directory into the store (spec Y1, Y3-Y5). */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Read people and groups from the directory and bring the group store to match.")
final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    GroupbridgeCommand root;

    @Option(names = "--dry-run", description = "compute and print the plan, change nothing")
    boolean dryRun;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.env;
        try (GroupbridgeApp app = root.openApp()) {
            Reconciler reconciler = app.reconciler();
            TerminalProgress progress = env.interactive() && !json ? new TerminalProgress(env.err()) : null;
            ReconcileReport report;
            try {
                report = reconciler.run(dryRun, progress == null ? Reconciler.Progress.NONE : progress);
            } finally {
                if (progress != null) {
                    progress.clear();
                }
            }
            if (json) {
                new Json().print(env.out(), report);
            } else {
                print(env.out(), report, app.directory().endpoint().toString());
            }
            return ExitCodes.OK;
        }
    }

    private static void print(PrintWriter out, ReconcileReport r, String source) {
        String seconds = String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0);
        String prefix = r.dryRun() ? "dry run: " : "";
        if (r.noChanges()) {
            out.printf("%sno changes (read %d people and %d groups from %s in %s)%n", prefix, r.peopleRead(),
                    r.groupsRead(), source, seconds);
        } else {
            out.printf("%sread %d people and %d groups from %s in %s%n", prefix, r.peopleRead(), r.groupsRead(), source,
                    seconds);
            String verb = r.dryRun() ? "would change" : "changed";
            out.printf("%s: people +%d ~%d -%d, groups +%d ~%d -%d, owners +%d -%d, members +%d -%d,"
                            + " pending requests cancelled %d%n", verb, r.peopleAdded(), r.peopleChanged(),
                    r.peopleRemoved(), r.groupsAdded(), r.groupsChanged(), r.groupsDeleted(), r.ownersAdded(),
                    r.ownersRemoved(), r.membersAdded(), r.membersRemoved(), r.requestsCancelled());
        }
        if (!r.groupChanges().isEmpty()) {
            out.println();
            Table table = new Table("CHANGE", "GROUP", "KIND", "CHANNEL", "POLICY", "SELF-SERVICE", "OWNERS", "MEMBERS");
            for (GroupChange c : r.groupChanges()) {
                GroupSummary g = c.group();
                table.row(c.type().name().toLowerCase(Locale.ROOT), g.name(), g.kindText(), g.channel(), g.policy(),
                        g.eligibilityText(), counts(g.owners(), c.ownersAdded(), c.ownersRemoved()),
                        counts(g.members(), c.membersAdded(), c.membersRemoved()));
            }
            table.print(out);
            int hidden = r.groupsAdded() + r.groupsChanged() + r.groupsDeleted() - r.groupChanges().size();
            if (hidden > 0) {
                out.printf("... and %d more group changes (use --json for the counts only, groups list for all)%n",
                        hidden);
            }
        }
        if (r.warningCount() > 0) {
            out.println();
            out.printf("warnings (%d):%n", r.warningCount());
            r.warnings().forEach(w -> out.println("  " + w));
            if (r.warningCount() > r.warnings().size()) {
                out.printf("  ... and %d more%n", r.warningCount() - r.warnings().size());
            }
        }
        if (r.dryRun() && !r.noChanges()) {
            out.println();
            out.println("dry run: the store was not changed");
        }
    }

    private static String counts(int total, int added, int removed) {
        if (added == 0 && removed == 0) {
            return Integer.toString(total);
        }
        StringBuilder sb = new StringBuilder().append(total).append(" (");
        if (added > 0) {
            sb.append('+').append(added);
        }
        if (removed > 0) {
            sb.append(added > 0 ? " " : "").append('-').append(removed);
        }
        return sb.append(')').toString();
    }
}
