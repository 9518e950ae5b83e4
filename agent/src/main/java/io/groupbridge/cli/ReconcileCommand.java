package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.GroupChange;
import io.groupbridge.sync.GroupSummary;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.LockHeldException;
import io.groupbridge.sync.MassRemovalException;
import io.groupbridge.sync.ReconcileReport;
import io.groupbridge.sync.Reconciler;
import io.groupbridge.sync.SyncCycle;
import io.groupbridge.sync.WriteBackReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge reconcile}: one full reconcile of the directory into the store (spec Y1, Y3-Y6), or with
 * {@code --incremental} one of the entries changed since the last run (Y2). It takes the same lease as the daemon's
 * reconciles, so it refuses to start while one of them runs, and the same failsafe.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Read people and groups from the directory and bring the group store to match.")
final class ReconcileCommand implements Callable<Integer> {

    @ParentCommand
    GroupbridgeCommand root;

    @Option(names = "--dry-run", description = "compute and print the plan, change nothing")
    boolean dryRun;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--incremental", description = "read only the entries changed in the directory since the last"
            + " run, as the daemon's incremental job does (a full run when there is no checkpoint yet); entries"
            + " deleted in the directory leave the store at the next full run")
    boolean incremental;

    @Option(names = "--no-writeback", description = "only read: do not write the outbox back to the directory")
    boolean noWriteback;

    @Option(names = "--allow-mass-removal", description = "let the run remove more than reconcile.maxRemovalShare of"
            + " the stored people, groups or a large group's members (the failsafe stops it otherwise)")
    boolean allowMassRemoval;

    @Override
    public Integer call() throws Exception {
        CliEnvironment env = root.env;
        try (GroupbridgeApp app = root.openApp()) {
            SyncCycle cycle = app.syncCycle();
            TerminalProgress progress = env.interactive() && !json ? new TerminalProgress(env.err()) : null;
            SyncCycle.Reconciled reconciled;
            try {
                reconciled = cycle.reconcile(new Reconciler.Options(incremental ? ReconcileReport.Mode.INCREMENTAL
                        : ReconcileReport.Mode.FULL, dryRun, allowMassRemoval), progress == null ? Reconciler.Progress.NONE : progress);
            } catch (LockHeldException e) {
                env.err().println("error: " + e.explanation());
                return ExitCodes.TEMPFAIL;
            } catch (MassRemovalException e) {
                env.err().println("error: " + e.getMessage());
                return ExitCodes.TEMPFAIL;
            } finally {
                if (progress != null) {
                    progress.clear();
                }
            }
            ReconcileReport report = reconciled.report();
            if (!json) {
                print(env.out(), report, app.directory().endpoint().toString(), env.columns());
                printDrift(env.out(), reconciled.drift());
            }
            if (noWriteback) {
                if (json) {
                    new Json().print(env.out(), report);
                }
                return ExitCodes.OK;
            }
            return writeBack(cycle, env.out(), report);
        }
    }

    /**
     * Read, decide, write: the outbox goes to the directory after the store caught up with it and the drift that
     * revealed was recorded (spec W5). With --json the reconcile report carries the write-back's as
     * {@code writeBack}, or a dry run's plan as {@code writeBackPlan}, so a script sees what was sent.
     */
    private int writeBack(SyncCycle cycle, PrintWriter out, ReconcileReport report) {
        if (report.dryRun()) {
            List<String> plan = cycle.writeBackPlan();
            if (json) {
                new Json().print(out, report, Map.of("writeBackPlan", plan.stream().map(String::strip).toList()));
            } else if (!plan.isEmpty()) {
                out.println();
                out.printf("dry run: write-back would send %d directory operation(s), and sent none:%n", plan.size());
                plan.forEach(p -> out.println(p.strip() + System.lineSeparator()));
            }
            return ExitCodes.OK;
        }
        WriteBackReport wb = cycle.writeBack();
        if (json) {
            new Json().print(out, report, Map.of("writeBack", wb));
        } else if (!wb.nothingToDo()) {
            printWriteBack(out, wb);
        }
        return writeBackExitCode(wb);
    }

    static void printWriteBack(PrintWriter out, WriteBackReport wb) {
        out.printf("write-back: %d written (%d modify operations, %d groups created, %d deleted), %d to retry,"
                        + " %d parked as failed%n", wb.done(), wb.modifiesSent(), wb.groupsCreated(),
                wb.groupsDeleted(), wb.retrying(), wb.parked());
        wb.errors().forEach(e -> out.println("  " + e));
    }

    /** A write-back that left rows to retry or parked them failed, even though the rows are kept (W3). */
    static int writeBackExitCode(WriteBackReport wb) {
        return wb.retrying() + wb.parked() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static void printDrift(PrintWriter out, List<Outbox.Drift> drift) {
        if (!drift.isEmpty()) {
            out.printf("drift: %d written value(s) were removed in the directory by someone else; the audit log"
                    + " records them and they are not written again%n", drift.size());
        }
    }

    private static void print(PrintWriter out, ReconcileReport r, String source, int columns) {
        String seconds = String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0);
        String prefix = r.dryRun() ? "dry run: " : "";
        String changed = r.mode() == ReconcileReport.Mode.INCREMENTAL ? " changed since the last run" : "";
        if (r.noChanges()) {
            out.printf("%sno changes (read %d people and %d groups%s from %s in %s)%n", prefix, r.peopleRead(),
                    r.groupsRead(), changed, source, seconds);
        } else {
            out.printf("%sread %d people and %d groups%s from %s in %s%n", prefix, r.peopleRead(), r.groupsRead(),
                    changed, source, seconds);
            String verb = r.dryRun() ? "would change" : "changed";
            out.printf("%s: people +%d ~%d -%d, groups +%d ~%d -%d, owners +%d -%d, members +%d -%d,"
                            + " pending requests cancelled %d%n", verb, r.peopleAdded(), r.peopleChanged(),
                    r.peopleRemoved(), r.groupsAdded(), r.groupsChanged(), r.groupsDeleted(), r.ownersAdded(),
                    r.ownersRemoved(), r.membersAdded(), r.membersRemoved(), r.requestsCancelled());
        }
        if (!r.groupChanges().isEmpty()) {
            out.println();
            Table table = new Table("CHANGE", "GROUP", "KIND", "CHANNEL", "POLICY", "SELF-SERVICE", "OWNERS", "MEMBERS")
                    .truncating("SELF-SERVICE");
            for (GroupChange c : r.groupChanges()) {
                GroupSummary g = c.group();
                table.row(c.type().name().toLowerCase(Locale.ROOT), g.name(), g.kindText(), g.channel(), g.policy(),
                        g.eligibilityText(), counts(g.owners(), c.ownersAdded(), c.ownersRemoved()),
                        counts(g.members(), c.membersAdded(), c.membersRemoved()));
            }
            table.print(out, columns);
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
