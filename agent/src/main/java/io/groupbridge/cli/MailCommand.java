package io.groupbridge.cli;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.notify.MailSender;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groupbridge mail send}: the daemon's mail job from a shell (spec T7, M3), for cron or a setup without the
 * daemon. The operator's, like {@code outbox send}: it prints counts, never addresses.
 */
@Command(name = "mail", mixinStandardHelpOptions = true,
        description = "Send the mail queue (spec M1-M3).",
        subcommands = {MailCommand.SendCommand.class})
final class MailCommand {

    @ParentCommand
    GroupbridgeCommand root;

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Queue the reminders of memberships ending soon (spec T7), then send every mail due now"
                    + " through notifications.mail, as the daemon's mail job does. Exit 1 when the server failed.")
    static final class SendCommand implements Callable<Integer> {
        @ParentCommand
        MailCommand mail;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        /**
         * @param reminded memberships whose end was reminded of in this run (T7)
         * @param stopped  why sending stopped before the queue was empty (the server's answer), or {@code null}
         */
        record Report(int reminded, int sent, int retrying, int failed, String stopped) {
        }

        @Override
        public Integer call() throws Exception {
            CliEnvironment env = mail.root.env;
            try (GroupbridgeApp app = mail.root.openApp()) {
                Optional<MailSender> sender = app.mailSender(app.config());
                if (sender.isEmpty()) {
                    throw new UsageException("mail is off: set notifications.mail.host (and from) in "
                            + app.config().source());
                }
                int reminded = app.selfService().actions().memberships().remindEndingMemberships();
                MailSender.Report r = sender.get().sendDue();
                Report report = new Report(reminded, r.sent(), r.retrying(), r.failed(), r.stopped());
                if (json) {
                    new Json().print(env.out(), report);
                } else {
                    env.out().printf("mail: %d sent, %d to retry, %d failed; %d membership end(s) reminded of%n",
                            r.sent(), r.retrying(), r.failed(), reminded);
                    if (r.stopped() != null) {
                        env.out().printf("  stopped, the rest stays queued: %s%n", r.stopped());
                    }
                }
                return r.stopped() == null && r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }
}
