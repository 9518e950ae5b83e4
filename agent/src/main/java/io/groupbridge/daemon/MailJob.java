package io.groupbridge.daemon;

import io.groupbridge.config.GroupbridgeConfig;
import io.groupbridge.notify.MailSender;
import io.groupbridge.selfservice.SelfServiceSource;
import java.util.Optional;
import java.util.function.Function;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Queues the reminders of memberships ending soon (spec T7) and sends the mail queue (M1, M3), every {@code
 * notifications.mail.sendEvery}, through the SMTP server of the conf in force. A pass that a failing server ended is
 * recorded as {@code failed}, with the server's answer; the mail stays queued for the next pass. Misfire policy: skip
 * missed fires; the next run sends everything due.
 */
@DisallowConcurrentExecution
final class MailJob implements Job {

    static final String NAME = "mail";

    private final Cycle cycle;
    private final SelfServiceSource selfService;
    private final Function<GroupbridgeConfig, Optional<MailSender>> senders;

    MailJob(Cycle cycle, SelfServiceSource selfService, Function<GroupbridgeConfig, Optional<MailSender>> senders) {
        this.cycle = cycle;
        this.selfService = selfService;
        this.senders = senders;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            Optional<MailSender> sender = senders.apply(conf);
            if (sender.isEmpty()) {
                return new JobOutcome("skipped", 0, 0, "notifications.mail.host is not set");
            }
            int reminded = selfService.actions().memberships().remindEndingMemberships();
            MailSender.Report r = sender.get().sendDue();
            String detail = "sent " + r.sent() + ", retrying " + r.retrying() + ", failed " + r.failed()
                    + (reminded > 0 ? ", " + reminded + " membership end(s) reminded of" : "");
            return r.stopped() == null ? JobOutcome.succeeded(reminded, r.sent(), detail)
                    : new JobOutcome("failed", reminded, r.sent(), detail + "; " + r.stopped());
        });
    }
}
