package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.MembershipService;
import io.groupbridge.sync.WriteBackReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge memberships end}: the daemon's membership-end job from a shell (spec T4), for cron or for a
 * setup without the daemon. The operator's, like {@code outbox send}: it acts with the conf's directory accounts
 * and prints counts, never member names.
 */
@Command(name = "memberships", mixinStandardHelpOptions = true,
        description = "End the memberships whose end date came (spec T4).",
        subcommands = {MembershipsCommand.EndCommand.class})
final class MembershipsCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "end", mixinStandardHelpOptions = true,
            description = "Remove, through the write-back outbox, every member whose membership's end date came,"
                    + " and write them back now, as the daemon's job does.")
    static final class EndCommand implements Callable<Integer> {
        @ParentCommand
        MembershipsCommand memberships;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        /**
         * @param ended     memberships ended in this run
         * @param held      why each group the failsafe held back was held (spec T4)
         * @param writeBack the write-back run that followed
         */
        record Report(int ended, List<String> held, WriteBackReport writeBack) {
        }

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = memberships.root.env;
            try (GroupbridgeApp app = memberships.root.openApp()) {
                MembershipService.EndedMemberships ended = app.selfService().actions().memberships()
                        .endMemberships(GroupbridgeApp.membershipEndLimit(app.config()));
                WriteBackReport wb = app.syncCycle().writeBack();
                if (json) {
                    new Json().print(env.out(), new Report(ended.ended(), ended.held(), wb));
                } else {
                    print(env.out(), ended, wb);
                }
                return !ended.held().isEmpty() ? ExitCodes.FAILURE : ReconcileCommand.writeBackExitCode(wb);
            }
        }

        private static void print(PrintWriter out, MembershipService.EndedMemberships ended, WriteBackReport wb) {
            out.println("memberships ended: " + ended.ended());
            ended.held().forEach(h -> out.println("  held back by the failsafe (reconcile.maxRemovalShare): " + h));
            if (!wb.nothingToDo()) {
                ReconcileCommand.printWriteBack(out, wb);
            }
        }
    }
}
