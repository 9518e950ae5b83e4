package io.groupbridge.daemon;

import io.groupbridge.GroupbridgeApp;
import io.groupbridge.selfservice.MembershipService;
import io.groupbridge.selfservice.SelfServiceSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Ends the memberships whose end date came (spec T4), every {@code governance.membership.checkEvery}, held to the
 * failsafe limits of the conf in force. The removals go out through the outbox, whose write-back the daemon's
 * self-service triggers at once. Misfire policy: skip missed fires; the next run ends everything due.
 */
@DisallowConcurrentExecution
final class MembershipEndJob implements Job {

    static final String NAME = "membership-end";

    private final Cycle cycle;
    private final SelfServiceSource selfService;

    MembershipEndJob(Cycle cycle, SelfServiceSource selfService) {
        this.cycle = cycle;
        this.selfService = selfService;
    }

    @Override
    public void execute(JobExecutionContext context) {
        cycle.run(NAME, conf -> {
            MembershipService.EndedMemberships ended = selfService.actions().memberships()
                    .endMemberships(GroupbridgeApp.membershipEndLimit(conf));
            return JobOutcome.succeeded(0, ended.ended(), ended.held().isEmpty() ? null
                    : "held back by the failsafe: " + String.join("; ", ended.held()));
        });
    }
}
