package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.sync.Outbox;
import io.groupbridge.sync.OutboxRow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code groupbridge outbox}: what waits to be written back to the directory, and parked writes sent again (W3). */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "List write-back outbox rows and send parked ones again.",
        subcommands = {OutboxCommand.ListCommand.class, OutboxCommand.RetryCommand.class})
final class OutboxCommand {

    private static final List<String> STATES = List.of(OutboxRow.PENDING, OutboxRow.DONE, OutboxRow.FAILED);

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List outbox rows, newest first, with their state, tries and last error.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Option(names = "--state", paramLabel = "STATE", description = "only rows in this state: pending, done or failed")
        String state;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N rows (default 100)")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (state != null && !STATES.contains(state)) {
                throw new UsageException("--state must be one of " + String.join(", ", STATES) + ", was '" + state + "'");
            }
            if (limit < 1) {
                throw new UsageException("--limit must be at least 1");
            }
            CliEnvironment env = outbox.root.env;
            try (GroupbridgeApp app = outbox.root.openApp()) {
                Outbox store = app.outbox();
                List<OutboxRow> rows = store.list(Optional.ofNullable(state), limit);
                Map<String, Integer> counts = store.countByState();
                if (json) {
                    new Json().print(env.out(), Map.of("counts", counts, "rows", rows));
                    return ExitCodes.OK;
                }
                env.out().printf("outbox: %d pending, %d failed, %d done%n", counts.getOrDefault(OutboxRow.PENDING, 0),
                        counts.getOrDefault(OutboxRow.FAILED, 0), counts.getOrDefault(OutboxRow.DONE, 0));
                if (rows.isEmpty()) {
                    return ExitCodes.OK;
                }
                env.out().println();
                Table table = new Table("ID", "STATE", "OPERATION", "GROUP", "VALUE", "TRIES", "NEXT TRY", "LAST ERROR");
                for (OutboxRow r : rows) {
                    table.row(r.id(), r.state(), r.operation(), r.groupDn(), r.valueDn(), r.attempts(),
                            OutboxRow.PENDING.equals(r.state()) ? r.nextAttemptAt() : "", r.lastError());
                }
                table.print(env.out());
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Put failed (parked) rows back to pending, with their tries reset; the next write-back"
                    + " sends them.")
    static final class RetryCommand implements Callable<Integer> {
        @ParentCommand
        OutboxCommand outbox;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "the failed row to send again")
        Long id;

        @Option(names = "--all", description = "every failed row")
        boolean all;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !all) {
                throw new UsageException("give either the ID of a failed outbox row or --all");
            }
            CliEnvironment env = outbox.root.env;
            try (GroupbridgeApp app = outbox.root.openApp()) {
                Outbox store = app.outbox();
                if (all) {
                    int count = store.retryAllFailed(env.clock().instant());
                    env.out().printf("%d failed row(s) put back to pending%n", count);
                    return ExitCodes.OK;
                }
                if (!store.retry(id, env.clock().instant())) {
                    env.err().printf("error: outbox row %d is not failed (`groupbridge outbox list --state failed`"
                            + " shows the rows that are)%n", id);
                    return ExitCodes.FAILURE;
                }
                env.out().printf("outbox row %d put back to pending%n", id);
                return ExitCodes.OK;
            }
        }
    }
}
