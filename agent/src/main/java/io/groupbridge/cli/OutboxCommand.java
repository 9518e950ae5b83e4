package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.rules.Decision;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRow;
import io.groupbridge.sync.WriteBackReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge outbox}: what waits to be written back to the directory, parked writes sent again (W3), and
 * the due rows sent now. The rows name members and owners of every group, so list and retry sign in (A16) and are
 * for administrators and service principals (A2, A5); send is the operator's, like {@code reconcile}: it acts with
 * the conf's directory accounts and prints counts and errors, as a reconcile's write-back does.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "List write-back outbox rows, send parked ones again, or send the due ones now.",
        subcommands = {OutboxCommand.ListCommand.class, OutboxCommand.RetryCommand.class,
                OutboxCommand.SendCommand.class})
final class OutboxCommand {

    private static final List<String> STATES = List.of(OutboxRow.PENDING, OutboxRow.DONE, OutboxRow.FAILED);

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List outbox rows, newest first, with their state, tries and last error (administrators"
                    + " and service principals).")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        SignInOptions signIn;

        @Option(names = "--state", paramLabel = "STATE",
                description = "only rows in this state: pending, done or failed")
        String state;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N rows (default 100)")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (state != null && !STATES.contains(state)) {
                throw new UsageException("--state must be one of " + String.join(", ",
                        STATES) + ", was '" + state + "'");
            }
            if (limit < 1) {
                throw new UsageException("--limit must be at least 1");
            }
            return SelfServiceSession.run(outbox.root, signIn, json, s -> {
                Decision access = s.actions().views().outboxAccess(s.actor(), false);
                if (!access.allowed()) {
                    return s.refused(access);
                }
                Outbox store = s.outbox();
                PrintWriter out = s.env().out();
                List<OutboxRow> rows = store.list(Optional.ofNullable(state), limit);
                Map<String, Integer> counts = store.countByState();
                if (json) {
                    new Json().print(out, Map.of("counts", counts, "rows", rows));
                    return ExitCodes.OK;
                }
                out.printf("outbox: %d pending, %d failed, %d done%n", counts.getOrDefault(OutboxRow.PENDING, 0),
                        counts.getOrDefault(OutboxRow.FAILED, 0), counts.getOrDefault(OutboxRow.DONE, 0));
                if (rows.isEmpty()) {
                    return ExitCodes.OK;
                }
                out.println();
                Table table = new Table("ID", "STATE", "OPERATION", "GROUP", "VALUE", "TRIES", "NEXT TRY", "LAST ERROR")
                        .truncating("LAST ERROR");
                for (OutboxRow r : rows) {
                    table.row(r.id(), r.state(), r.operation(), r.groupDn(), r.valueDn(), r.attempts(),
                            OutboxRow.PENDING.equals(r.state()) ? r.nextAttemptAt() : "", r.lastError());
                }
                table.print(out, s.env().columns());
                return ExitCodes.OK;
            });
        }
    }

    /**
     * The daemon's write-back job from a shell (issue 13): without it, sending queued rows meant a full reconcile
     * first. Like that job it sends what the store holds now; a reconcile's write-back runs after the read (W5).
     */
    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Write the due outbox rows back to the directory now, without a reconcile first, as the"
                    + " daemon's write-back job does.")
    static final class SendCommand implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Option(names = "--json", description = "print the write-back report as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = outbox.root.env;
            try (GroupbridgeApp app = outbox.root.openApp()) {
                WriteBackReport report = app.syncCycle().writeBack();
                if (json) {
                    new Json().print(env.out(), report);
                } else if (report.nothingToDo()) {
                    env.out().println("write-back: nothing due");
                } else {
                    ReconcileCommand.printWriteBack(env.out(), report);
                }
                return ReconcileCommand.writeBackExitCode(report);
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Put failed (parked) rows back to pending, with their tries reset; the next write-back"
                    + " sends them (administrators and service principals).")
    static final class RetryCommand implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Mixin
        SignInOptions signIn;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "the failed row to send again")
        Long id;

        @Option(names = "--all", description = "every failed row")
        boolean all;

        @Mixin
        JsonOption output;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw new UsageException("give either the ID of a failed outbox row or --all");
            }
            return SelfServiceSession.run(outbox.root, signIn, output.json, s -> {
                Decision access = s.actions().views().outboxAccess(s.actor(), true);
                if (!access.allowed()) {
                    return s.refused(access);
                }
                CliEnvironment env = s.env();
                if (all) {
                    int count = s.outbox().retryAllFailed(s.actor().dn(), env.clock().instant());
                    return retried(env, count, String.format("%d failed row(s) put back to pending", count));
                }
                if (!s.outbox().retry(id, s.actor().dn(), env.clock().instant())) {
                    return new CliError(CliError.NOT_FAILED, null, String.format("outbox row %d is not failed"
                            + " (`groupbridge outbox list --state failed` shows the rows that are)", id),
                            ExitCodes.FAILURE).print(env, output.json);
                }
                return retried(env, 1, String.format("outbox row %d put back to pending", id));
            });
        }

        private int retried(CliEnvironment env, int count, String message) {
            if (output.json) {
                new Json().print(env.out(), new Retried(count, message, ExitCodes.OK));
            } else {
                env.out().println(message);
            }
            return ExitCodes.OK;
        }

        /** {@code outbox retry --json}: how many parked rows went back to pending. */
        record Retried(int retried, String message, int exitCode) {
        }
    }
}
